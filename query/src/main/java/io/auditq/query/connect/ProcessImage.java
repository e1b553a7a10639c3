package io.auditq.query.connect;

import java.util.List;

/**
 * The program a process runs, from its execve: what a connection's argv and its comm check come from.
 *
 * @param executionRef the caller's reference of the execve event
 * @param program      the file execve was given (its name, for a script the script's), as comm would show it
 */
public record ProcessImage(long executionRef, long timeMillis, String exe, String program, List<String> argv) {
}
