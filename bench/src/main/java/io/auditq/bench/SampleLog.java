package io.auditq.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A synthetic ENRICHED audit.log with the record mix of shared/tools/record-big-log.sh (openat, connect,
 * socket, execve from a python workload), for when no real log is given. Deterministic (fixed seed).
 * Real logs give the headline figures; this only keeps the benchmark runnable anywhere.
 */
public final class SampleLog {
    private static final String ENRICHED_IDS = "\u001dARCH=x86_64 SYSCALL=%s AUID=\"unset\" UID=\"root\" GID=\"root\""
            + " EUID=\"root\" SUID=\"root\" FSUID=\"root\" EGID=\"root\" SGID=\"root\" FSGID=\"root\"";
    private static final String PROCTITLE = HexFormat.of().withUpperCase()
            .formatHex("python3\0/work/shared/tools/workload.py\0003000".getBytes(StandardCharsets.US_ASCII));
    private static final String[] FILES = {"/etc/locale.gen", "/etc/npmrc", "/usr/share/zoneinfo/Europe/Zagreb",
            "/usr/lib/python3.11/json/decoder.py", "/etc/hosts", "/etc/passwd"};

    private SampleLog() {
    }

    public static void write(Path file, long bytes) throws IOException {
        SplittableRandom rnd = new SplittableRandom(7);
        long sec = 1_795_540_938L;
        int ms = 153;
        long serial = 357_828;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            StringBuilder sb = new StringBuilder(4096);
            long written = 0;
            while (written < bytes) {
                sb.setLength(0);
                String hdr = " msg=audit(" + sec + "." + String.format("%03d", ms) + ":" + serial + "): ";
                int pick = rnd.nextInt(100);
                if (pick < 60) {
                    syscall(sb, hdr, 257, "openat", "yes", "5", 1, "python3.11", "/usr/bin/python3.11");
                    sb.append("node=vm type=CWD").append(hdr).append("cwd=\"/tmp\"\n");
                    path(sb, hdr, 0, FILES[rnd.nextInt(FILES.length)]);
                    proctitle(sb, hdr, PROCTITLE);
                } else if (pick < 78) {
                    syscall(sb, hdr, 42, "connect", "no", "-111", 0, "python3.11", "/usr/bin/python3.11");
                    int a = rnd.nextInt(256), b = rnd.nextInt(256), c = 1 + rnd.nextInt(254), port = 1024 + rnd.nextInt(64000);
                    sb.append("node=vm type=SOCKADDR").append(hdr)
                            .append(String.format("saddr=0200%04X7F%02X%02X%02X0000000000000000", port, a, b, c))
                            .append("\u001dSADDR={ saddr_fam=inet laddr=127.").append(a).append('.').append(b).append('.')
                            .append(c).append(" lport=").append(port).append(" }\n");
                    proctitle(sb, hdr, PROCTITLE);
                } else if (pick < 94) {
                    syscall(sb, hdr, 41, "socket", "yes", "5", 0, "python3.11", "/usr/bin/python3.11");
                    proctitle(sb, hdr, PROCTITLE);
                } else {
                    syscall(sb, hdr, 59, "execve", "yes", "0", 2, "true", "/usr/bin/true");
                    sb.append("node=vm type=EXECVE").append(hdr).append("argc=1 a0=\"/bin/true\"\n");
                    sb.append("node=vm type=CWD").append(hdr).append("cwd=\"/tmp\"\n");
                    path(sb, hdr, 0, "/bin/true");
                    path(sb, hdr, 1, "/lib64/ld-linux-x86-64.so.2");
                    sb.append("node=vm type=PROCTITLE").append(hdr).append("proctitle=\"/bin/true\"\n");
                }
                byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
                out.write(b);
                written += b.length;
                serial++;
                if (rnd.nextInt(8) == 0 && ++ms == 1000) {
                    ms = 0;
                    sec++;
                }
            }
        }
    }

    private static void syscall(StringBuilder sb, String hdr, int nr, String name, String success, String exit,
                                int items, String comm, String exe) {
        sb.append("node=vm type=SYSCALL").append(hdr).append("arch=c000003e syscall=").append(nr)
                .append(" success=").append(success).append(" exit=").append(exit)
                .append(" a0=5 a1=7ffd053b0970 a2=10 a3=0 items=").append(items)
                .append(" ppid=24536 pid=24706 auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0")
                .append(" fsgid=0 tty=(none) ses=4294967295 comm=\"").append(comm).append("\" exe=\"").append(exe)
                .append("\" key=\"").append(name).append('"').append(String.format(ENRICHED_IDS, name)).append('\n');
    }

    private static void path(StringBuilder sb, String hdr, int item, String name) {
        sb.append("node=vm type=PATH").append(hdr).append("item=").append(item).append(" name=\"").append(name)
                .append("\" inode=689 dev=fe:00 mode=0100644 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0")
                .append(" cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0\u001dOUID=\"root\" OGID=\"root\"\n");
    }

    private static void proctitle(StringBuilder sb, String hdr, String title) {
        sb.append("node=vm type=PROCTITLE").append(hdr).append("proctitle=").append(title).append('\n');
    }
}
