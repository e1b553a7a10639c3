package io.auditq.fleet.layout;

import org.apache.hadoop.fs.Path;

import java.io.File;
import java.util.regex.Pattern;

/**
 * A ROOT as the responder typed it, on Hadoop's file systems: a plain path is a local directory (named in answers
 * exactly as a single-host run names it), anything with a scheme (file:, hdfs://, s3a://) is a URI.
 */
public record FleetPaths(String typed, Path path, boolean local) {
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*");

    public static FleetPaths of(String typed) {
        if (SCHEME.matcher(typed).matches()) {
            return new FleetPaths(typed, new Path(typed), false);
        }
        return new FleetPaths(typed, new Path(new File(typed).getAbsoluteFile().toURI()), true);
    }

    /** The name of {@code relative} under this root, as answers show it. */
    public String name(String relative) {
        if (local) {
            return java.nio.file.Path.of(typed).resolve(relative).toString();
        }
        return new Path(path, relative).toString();
    }
}
