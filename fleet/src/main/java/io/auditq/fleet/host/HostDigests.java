package io.auditq.fleet.host;

import io.auditq.fleet.layout.HostFile;
import io.auditq.fleet.layout.HostInput;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The sha256 of each of a host's logs as stored, without parsing them: what tells an unchanged host. */
public final class HostDigests {
    private HostDigests() {
    }

    /** Each file's name, size and sha256 (null for a file that cannot be read). */
    public static List<FileReport> of(HostInput host, Configuration conf) {
        List<FileReport> out = new ArrayList<>();
        for (HostFile f : host.logs()) {
            out.add(new FileReport(f.name(), f.size(), sha256(f, conf)));
        }
        return out;
    }

    private static String sha256(HostFile f, Configuration conf) {
        Path p = new Path(f.uri());
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(p.getFileSystem(conf).open(p, 1 << 16), md)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
