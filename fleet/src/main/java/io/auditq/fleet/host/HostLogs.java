package io.auditq.fleet.host;

import io.auditq.fleet.layout.HostFile;
import io.auditq.fleet.layout.HostInput;
import io.auditq.parser.AuditLogReader;
import io.auditq.parser.input.LogInputs;
import io.auditq.parser.input.LogSource;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A host's logs opened through Hadoop's FileSystem (file:, hdfs:, s3a: …) for the parser's reader: gzip told by
 * its first bytes as for a single host ({@link LogInputs#content}), and, when asked, the sha256 of each file's
 * stored bytes taken on the way (the whole file, also what a gzip reader leaves after its last member).
 */
final class HostLogs implements AuditLogReader.SourceOpener {
    private final HostInput host;
    private final Configuration conf;
    private final boolean digests;
    private final Map<String, String> sha256 = new ConcurrentHashMap<>();

    HostLogs(HostInput host, Configuration conf, boolean digests) {
        this.host = host;
        this.conf = conf;
        this.digests = digests;
    }

    /** The sources in read order, named as answers show them. */
    List<LogSource> sources() {
        List<LogSource> out = new ArrayList<>();
        for (HostFile f : host.logs()) {
            out.add(new LogSource(f.name(), null, out.size()));
        }
        return out;
    }

    @Override
    public AuditLogReader.Opened open(LogSource source) throws IOException {
        HostFile f = host.logs().get(source.ordinal());
        Path p = new Path(f.uri());
        InputStream stored = p.getFileSystem(conf).open(p, 1 << 16);
        if (digests) {
            stored = new Digested(stored, f.name());
        }
        return new AuditLogReader.Opened(LogInputs.content(stored), 0);
    }

    /** Takes the digest of every file a read did not get to (a read that stopped early). */
    void digestUnread(Configuration conf) {
        for (HostFile f : host.logs()) {
            if (!sha256.containsKey(f.name())) {
                Path p = new Path(f.uri());
                try (InputStream in = new Digested(p.getFileSystem(conf).open(p, 1 << 16), f.name())) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException e) {
                    // no digest: the report shows none
                }
            }
        }
    }

    /** What was read of each file; after the read. */
    List<FileReport> files() {
        List<FileReport> out = new ArrayList<>();
        for (HostFile f : host.logs()) {
            out.add(new FileReport(f.name(), f.size(), sha256.get(f.name())));
        }
        return out;
    }

    /** The stored bytes' digest, complete when the stream is closed (the rest is read then). */
    private final class Digested extends FilterInputStream {
        private final String name;
        private final MessageDigest md;
        private boolean failed;

        Digested(InputStream in, String name) {
            super(null);
            this.name = name;
            try {
                this.md = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
            this.in = new DigestInputStream(in, md);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            return in.read(new byte[(int) Math.min(n, 8192)]); // every byte goes through the digest
        }

        @Override
        public void close() throws IOException {
            try {
                if (!failed) {
                    in.transferTo(java.io.OutputStream.nullOutputStream());
                    sha256.put(name, HexFormat.of().formatHex(md.digest()));
                }
            } finally {
                in.close();
            }
        }
    }
}
