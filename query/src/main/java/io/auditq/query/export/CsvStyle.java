package io.auditq.query.export;

import org.apache.commons.csv.CSVFormat;

/**
 * How auditq writes CSV, the same in every command: RFC 4180 quoting, one header line, records ended by LF (the
 * Unix tools a CSV is piped into keep a CR in the last field) or CRLF on request, and text cells made safe
 * ({@link CsvCells#text}) unless the raw evidence is asked for.
 *
 * @param raw  text cells exactly as the evidence has them: no escaping of control characters, no formula guard
 * @param crlf end records with CRLF, as RFC 4180 and some spreadsheets want, instead of LF
 */
public record CsvStyle(boolean raw, boolean crlf) {
    /** Safe cells, LF line ends. */
    public static final CsvStyle DEFAULT = new CsvStyle(false, false);

    /** The Commons CSV format with this header and these line ends. */
    public CSVFormat format(String... header) {
        return CSVFormat.RFC4180.builder().setRecordSeparator(crlf ? "\r\n" : "\n").setHeader(header).get();
    }

    /** The cell for a text value. */
    public String text(String s) {
        return CsvCells.text(s, this);
    }
}
