package io.auditq.cli;

import picocli.CommandLine.Option;

/**
 * The option every command that writes CSV shares: the formula guard ({@link io.auditq.query.export.CsvCells}) is
 * on unless {@code --csv-raw} turns it off.
 */
public final class CsvOptions {
    @Option(names = "--csv-raw",
            description = "CSV text cells exactly as the evidence has them; by default a text cell starting with "
                    + "=, +, -, @, tab or CR gets a leading ' so a spreadsheet does not run it as a formula")
    public boolean raw;

    /** Whether text cells are guarded against formula injection (the default). */
    public boolean neutralize() {
        return !raw;
    }
}
