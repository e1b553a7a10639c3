package io.auditq.parser.record;

/** What happened to every input line: lines = recordLines + blank + comments + malformed. */
public final class ParseStats {
    public long lines;
    /** Lines read whole as one or more records (a line with records and then garbage counts as malformed). */
    public long recordLines;
    public long records;
    public long blank;
    public long comments;
    public long malformed;
    /** Records read with a recoverable defect (e.g. a header without its closing ':'). */
    public long problems;

    public void add(ParseStats o) {
        lines += o.lines;
        recordLines += o.recordLines;
        records += o.records;
        blank += o.blank;
        comments += o.comments;
        malformed += o.malformed;
        problems += o.problems;
    }

    @Override
    public String toString() {
        return lines + " lines (" + recordLines + " with records), " + records + " records, " + blank + " blank, "
                + comments + " comments, "
                + malformed + " malformed";
    }
}
