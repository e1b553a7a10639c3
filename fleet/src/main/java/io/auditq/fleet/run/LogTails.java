package io.auditq.fleet.run;

import io.auditq.fleet.layout.HostFile;
import io.auditq.fleet.layout.HostInput;
import io.auditq.parser.input.LogEnds;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.List;

/**
 * The newest record time in the fleet, estimated from the last bytes of every plain log (as a single host does
 * with {@link LogEnds}): --now log-end filters with it while reading, and the read then confirms it.
 */
final class LogTails {
    private LogTails() {
    }

    static Long newest(List<HostInput> hosts, Configuration conf) {
        Long newest = null;
        byte[] buf = new byte[LogEnds.tailBytes()];
        for (HostInput h : hosts) {
            for (HostFile f : h.logs()) {
                Long t = newest(f, conf, buf);
                if (t != null && (newest == null || t > newest)) {
                    newest = t;
                }
            }
        }
        return newest;
    }

    private static Long newest(HostFile f, Configuration conf, byte[] buf) {
        Path p = new Path(f.uri());
        try (FSDataInputStream in = p.getFileSystem(conf).open(p)) {
            int b1 = in.read(), b2 = in.read();
            if (b1 == 0x1f && b2 == 0x8b) {
                return null; // gzip: its end cannot be read without the rest
            }
            long at = Math.max(0, f.size() - buf.length);
            int n = (int) Math.min(buf.length, f.size());
            in.readFully(at, buf, 0, n);
            return LogEnds.newestIn(buf, n);
        } catch (IOException | RuntimeException e) {
            return null; // an estimate only: the read itself reports what is wrong with the file
        }
    }
}
