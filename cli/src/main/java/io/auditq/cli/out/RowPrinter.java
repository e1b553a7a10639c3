package io.auditq.cli.out;

/** Prints the rows of one answer in one output format; {@link #finish} ends the document. */
public interface RowPrinter<T> {
    void row(T row);

    void finish();
}
