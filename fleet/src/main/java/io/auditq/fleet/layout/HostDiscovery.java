package io.auditq.fleet.layout;

import io.auditq.parser.input.LogInputs;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds the hosts of a fleet: every directory {@code ROOT/<host>/} holding {@code audit.log*} (with passwd and
 * group beside them), or a collected tree ({@code var/log/audit/audit.log*}, {@code etc/passwd}, {@code etc/group}).
 * A directory with neither is still a host (its answer is incomplete, and said so). Hidden and {@code _} names are
 * not hosts (Spark's and Hadoop's own files start so).
 */
public final class HostDiscovery {
    /** A ROOT that cannot be used at all: the command stops with this sentence. */
    public static final class BadRoot extends RuntimeException {
        public BadRoot(String message) {
            super(message, null, false, false);
        }
    }

    private HostDiscovery() {
    }

    /** The hosts of all roots, sorted by name; a host name found under two roots is refused. */
    public static List<HostInput> discover(List<String> roots, Configuration conf) {
        Map<String, HostInput> hosts = new TreeMap<>();
        for (String r : roots) {
            FleetPaths root = FleetPaths.of(r);
            for (HostInput h : hostsOf(root, conf)) {
                HostInput before = hosts.putIfAbsent(h.host(), h);
                if (before != null) {
                    throw new BadRoot("host " + h.host() + " is under two roots (" + before.root() + " and " + r
                            + "): give each host once");
                }
            }
        }
        return List.copyOf(hosts.values());
    }

    private static List<HostInput> hostsOf(FleetPaths root, Configuration conf) {
        FileStatus[] entries;
        FileSystem fs;
        try {
            fs = root.path().getFileSystem(conf);
            if (!fs.getFileStatus(root.path()).isDirectory()) {
                throw new BadRoot(root.typed() + ": not a directory (a fleet root holds one directory per host)");
            }
            entries = fs.listStatus(root.path());
        } catch (FileNotFoundException e) {
            throw new BadRoot(root.typed() + ": no such directory");
        } catch (IOException e) {
            throw new BadRoot(root.typed() + ": cannot list: " + e.getMessage());
        }
        Arrays.sort(entries, Comparator.comparing(s -> s.getPath().getName()));
        List<HostInput> out = new ArrayList<>();
        for (FileStatus e : entries) {
            String name = e.getPath().getName();
            if (!e.isDirectory() && LogInputs.isRotation(name)) {
                throw new BadRoot(root.typed() + ": holds audit logs itself; a fleet root holds one directory per "
                        + "host (ROOT/<host>/audit.log), so give its parent, or ask auditq connections "
                        + root.typed());
            }
            if (e.isDirectory() && !name.startsWith(".") && !name.startsWith("_")) {
                out.add(host(fs, root, name));
            }
        }
        return out;
    }

    private static HostInput host(FileSystem fs, FleetPaths root, String host) {
        Path dir = new Path(root.path(), host);
        try {
            List<FileStatus> logs = logs(fs, dir);
            if (logs.isEmpty()) {
                Path tree = new Path(dir, "var/log/audit");
                if (fs.exists(tree) && fs.getFileStatus(tree).isDirectory()) {
                    return found(fs, root, host, host + "/var/log/audit", logs(fs, tree), host + "/etc/");
                }
            }
            return found(fs, root, host, host, logs, host + "/");
        } catch (IOException e) {
            return new HostInput(host, root.typed(), root.name(host), List.of(), null, null,
                    root.name(host) + ": cannot list: " + e.getMessage());
        }
    }

    private static HostInput found(FileSystem fs, FleetPaths root, String host, String logDir, List<FileStatus> logs,
                                   String etc) throws IOException {
        List<HostFile> files = new ArrayList<>();
        String problem = null;
        for (FileStatus f : logs) {
            if (!f.isFile()) {
                problem = root.name(logDir + "/" + f.getPath().getName()) + ": is a directory, not a log";
                continue;
            }
            files.add(new HostFile(root.name(logDir + "/" + f.getPath().getName()), f.getPath().toString(), f.getLen()));
        }
        return new HostInput(host, root.typed(), root.name(logDir), files, fileOrNull(fs, root, etc + "passwd"),
                fileOrNull(fs, root, etc + "group"), problem);
    }

    private static String fileOrNull(FileSystem fs, FleetPaths root, String relative) throws IOException {
        Path p = new Path(root.path(), relative);
        return fs.exists(p) && fs.getFileStatus(p).isFile() ? fs.makeQualified(p).toString() : null;
    }

    /** The directory's audit.log and rotations, oldest first (the single-host order, {@link LogInputs}). */
    private static List<FileStatus> logs(FileSystem fs, Path dir) throws IOException {
        List<FileStatus> found = new ArrayList<>();
        for (FileStatus s : fs.listStatus(dir)) {
            if (LogInputs.isRotation(s.getPath().getName())) {
                found.add(s);
            }
        }
        return LogInputs.inRotationOrder(found, s -> s.getPath().getName());
    }
}
