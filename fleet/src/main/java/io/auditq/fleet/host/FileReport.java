package io.auditq.fleet.host;

import java.io.Serializable;

/**
 * One log of a host as read: its name, size as stored, and sha256 of its stored bytes (as sha256sum prints it),
 * or null when the question did not ask for digests or the file could not be read whole.
 */
public record FileReport(String name, long bytes, String sha256) implements Serializable {
}
