package io.auditq.cli;

import io.auditq.query.export.CsvStyle;
import picocli.CommandLine.Option;

/**
 * The options every command that writes CSV shares: line ends ({@code --crlf}) and safe cells, which
 * {@code --csv-raw} turns off ({@link io.auditq.query.export.CsvCells}).
 */
public final class CsvOptions {
    @Option(names = "--csv-raw",
            description = "CSV text cells exactly as the evidence has them, control bytes included (never cat such a "
                    + "file to a terminal); by default control and invisible characters are written \\xNN or \\uNNNN, "
                    + "a backslash \\\\, and a cell starting with =, +, - or @ gets a leading ' so a spreadsheet does "
                    + "not run it as a formula")
    public boolean raw;

    @Option(names = "--crlf", description = "End CSV lines with CRLF (RFC 4180, some spreadsheets) instead of LF")
    public boolean crlf;

    /** The CSV style these options ask for. */
    public CsvStyle style() {
        return new CsvStyle(raw, crlf);
    }
}
