package io.auditq.query.testing;

import io.auditq.parser.AuditLogReader;
import io.auditq.parser.event.AuditEvent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Hand-made audit.log lines in the kernel's RAW format (x86_64 unless told), for tests that must show exactly
 * which records lead to which answer. Times advance 1 ms and serials by one per event.
 */
public final class AuditLog {
    private final StringBuilder text = new StringBuilder();
    private long time = 1_700_000_000_000L;
    private long serial = 1000;
    private String node;

    public AuditLog node(String n) {
        this.node = n;
        return this;
    }

    /** Moves the clock of the next event. */
    public AuditLog at(long epochMillis) {
        this.time = epochMillis;
        return this;
    }

    public Event event() {
        return new Event();
    }

    public AuditLog line(String raw) {
        text.append(raw).append('\n');
        return this;
    }

    public String text() {
        return text.toString();
    }

    public Path write(Path file) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The events a reader assembles from these lines (written to {@code file} first). */
    public List<AuditEvent> events(Path file) {
        write(file);
        List<AuditEvent> out = new ArrayList<>();
        AuditLogReader.of(List.of(file.toString())).read(out::add, null);
        return out;
    }

    /** A SOCKADDR saddr for an inet or inet6 address (by the form of {@code ip}) and port, little-endian family. */
    public static String saddr(String ip, int port) {
        try {
            byte[] a = InetAddress.getByName(ip).getAddress();
            String p = String.format("%04X", port);
            if (ip.contains(":")) {
                // ::ffff:a.b.c.d comes back from InetAddress as 4 bytes: rebuild the mapped form
                byte[] six = a.length == 16 ? a : mapped(a);
                return "0A00" + p + "00000000" + HexFormat.of().withUpperCase().formatHex(six) + "00000000";
            }
            return "0200" + p + HexFormat.of().withUpperCase().formatHex(a) + "0000000000000000";
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static byte[] mapped(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    /** A unix-domain saddr for a path. */
    public static String unixSaddr(String path) {
        return "0100" + HexFormat.of().withUpperCase().formatHex(path.getBytes(StandardCharsets.UTF_8)) + "00";
    }

    /** One event: a SYSCALL record and what follows it. */
    public final class Event {
        private String arch = "c000003e";
        private int syscall;
        private long exit;
        private final long[] args = {0, 0, 0, 0};
        private long pid = 1000, ppid = 1, uid = 1000, auid = 1000, ses = 3;
        private String comm = "curl", exe = "/usr/bin/curl", key = "net";
        private final List<String> extra = new ArrayList<>();
        private String enriched;

        public Event arch(String a) {
            arch = a;
            return this;
        }

        public Event syscall(int nr) {
            syscall = nr;
            return this;
        }

        public Event exit(long x) {
            exit = x;
            return this;
        }

        public Event args(long... a) {
            System.arraycopy(a, 0, args, 0, a.length);
            return this;
        }

        public Event pid(long p, long pp) {
            pid = p;
            ppid = pp;
            return this;
        }

        public Event uid(long u, long au, long s) {
            uid = u;
            auid = au;
            ses = s;
            return this;
        }

        public Event program(String c, String e) {
            comm = c;
            exe = e;
            return this;
        }

        public Event key(String k) {
            key = k;
            return this;
        }

        /** auditd's ENRICHED tail after the 0x1d separator, e.g. {@code UID="alice" AUID="alice"}. */
        public Event enriched(String tail) {
            enriched = tail;
            return this;
        }

        public Event sockaddr(String saddr) {
            extra.add("SOCKADDR|saddr=" + saddr);
            return this;
        }

        /** The SOCKETCALL record of a 32-bit socketcall: the sub-call's real arguments. */
        public Event socketcall(long... a) {
            StringBuilder sb = new StringBuilder("SOCKETCALL|nargs=" + a.length);
            for (int i = 0; i < a.length; i++) {
                sb.append(" a").append(i).append('=').append(Long.toHexString(a[i]));
            }
            extra.add(sb.toString());
            return this;
        }

        public Event execve(String... argv) {
            StringBuilder sb = new StringBuilder("EXECVE|argc=" + argv.length);
            for (int i = 0; i < argv.length; i++) {
                sb.append(" a").append(i).append("=\"").append(argv[i]).append('"');
            }
            extra.add(sb.toString());
            return this;
        }

        public Event path(String name) {
            extra.add("PATH|item=0 name=\"" + name + "\" inode=1 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 "
                    + "nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0");
            return this;
        }

        public Event cwd(String dir) {
            extra.add("CWD|cwd=\"" + dir + "\"");
            return this;
        }

        public Event record(String type, String body) {
            extra.add(type + "|" + body);
            return this;
        }

        /** Appends the event's lines and returns the log. */
        public AuditLog add() {
            String hdr = "msg=audit(" + (time / 1000) + "." + String.format("%03d", time % 1000) + ":" + serial + "): ";
            String prefix = node == null ? "" : "node=" + node + " ";
            boolean ok = exit >= 0;
            StringBuilder sb = new StringBuilder(prefix).append("type=SYSCALL ").append(hdr)
                    .append("arch=").append(arch).append(" syscall=").append(syscall)
                    .append(" success=").append(ok ? "yes" : "no").append(" exit=").append(exit);
            for (int i = 0; i < 4; i++) {
                sb.append(" a").append(i).append('=').append(Long.toHexString(args[i]));
            }
            sb.append(" items=0 ppid=").append(ppid).append(" pid=").append(pid).append(" auid=").append(auid)
                    .append(" uid=").append(uid).append(" gid=").append(uid).append(" euid=").append(uid)
                    .append(" suid=").append(uid).append(" fsuid=").append(uid).append(" egid=").append(uid)
                    .append(" sgid=").append(uid).append(" fsgid=").append(uid).append(" tty=pts0 ses=").append(ses)
                    .append(" comm=\"").append(comm).append("\" exe=\"").append(exe).append("\" key=")
                    .append(key == null ? "(null)" : "\"" + key + "\"");
            if (enriched != null) {
                sb.append('\u001d').append(enriched);
            }
            text.append(sb).append('\n');
            for (String x : extra) {
                int bar = x.indexOf('|');
                text.append(prefix).append("type=").append(x, 0, bar).append(' ').append(hdr)
                        .append(x.substring(bar + 1)).append('\n');
            }
            text.append(prefix).append("type=PROCTITLE ").append(hdr).append("proctitle=")
                    .append(HexFormat.of().withUpperCase().formatHex(comm.getBytes(StandardCharsets.UTF_8))).append('\n');
            time++;
            serial++;
            return AuditLog.this;
        }
    }
}
