package io.auditq.parser.normal;

/**
 * A uid or gid of an event, and its name.
 *
 * @param name         null when nothing names the id, or the log gives it two names (the event's problems say so)
 * @param inferredFrom file:line of the other record whose ENRICHED field gives the name: an inference, not what this
 *                     record says; null when the record itself, an account file or the built-in names name it
 */
public record IdName(long id, String name, String inferredFrom) {
}
