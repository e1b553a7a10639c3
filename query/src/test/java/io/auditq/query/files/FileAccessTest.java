package io.auditq.query.files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The access of a file row, from the syscall table and the open flags. */
class FileAccessTest {
    private static String access(String syscall, long... args) {
        return FileAccess.of(syscall, args).access();
    }

    @Test
    void openatReadsTheFlagsInA2AndOpenInA1() {
        assertThat(access("openat", 0xffffff9cL, 0x7ffd, 0, 0)).isEqualTo("read"); // cat: O_RDONLY
        assertThat(access("openat", 0xffffff9cL, 0x7ffd, 0x80000, 0)).isEqualTo("read"); // O_CLOEXEC only
        assertThat(access("openat", 0xffffff9cL, 0x7ffd, 0x441, 0x1b6)).isEqualTo("write"); // tee -a: APPEND|CREAT|WRONLY
        assertThat(FileAccess.of("openat", new long[] {0xffffff9cL, 1, 0x441, 0}).flags()).isEqualTo(0x441L);
        assertThat(access("open", 0x7ffd, 0, 0, 0)).isEqualTo("read");
        assertThat(access("open", 0x7ffd, 02, 0, 0)).isEqualTo("write"); // O_RDWR: it may write
        assertThat(access("open", 0x7ffd, 0, 0x441, 0)).isEqualTo("read"); // a2 is the mode, not the flags
    }

    @Test
    void truncatingCreatingOrAppendingIsAWriteEvenWhenOpenedReadOnly() {
        assertThat(FileAccess.ofOpenFlags(01000)).isEqualTo("write"); // O_TRUNC
        assertThat(FileAccess.ofOpenFlags(0100)).isEqualTo("write"); // O_CREAT
        assertThat(FileAccess.ofOpenFlags(02000)).isEqualTo("write"); // O_APPEND
        assertThat(FileAccess.ofOpenFlags(01)).isEqualTo("write"); // O_WRONLY
        assertThat(FileAccess.ofOpenFlags(010000000)).isEqualTo("attr"); // O_PATH: no data opened
        assertThat(FileAccess.ofOpenFlags(0)).isEqualTo("read");
    }

    @Test
    void otherSyscallsComeFromTheTable() {
        assertThat(access("execve")).isEqualTo("exec");
        assertThat(access("chmod")).isEqualTo("attr");
        assertThat(access("fchownat")).isEqualTo("attr");
        assertThat(access("setxattr")).isEqualTo("attr");
        assertThat(access("utimensat")).isEqualTo("attr");
        assertThat(access("unlinkat")).isEqualTo("write");
        assertThat(access("renameat2")).isEqualTo("write");
        assertThat(access("truncate")).isEqualTo("write");
        assertThat(access("connect")).isEqualTo("write"); // a unix socket by its path (/run/docker.sock)
        assertThat(access("sendto")).isEqualTo("none"); // auditctl's own message naming the watch
        assertThat(access("ioctl")).isEqualTo("unknown"); // not in the table: said, not guessed
        assertThat(FileAccess.table()).containsEntry("openat", "open-flags:a2").containsEntry("open", "open-flags:a1");
    }

    @Test
    void anOpenWithoutItsArgumentsIsUnknown() {
        assertThat(FileAccess.of("openat", null).access()).isEqualTo("unknown");
        assertThat(FileAccess.of("openat", new long[] {1, 2, -1, 0}).access()).isEqualTo("unknown");
        assertThat(FileAccess.of(null, null).access()).isEqualTo("unknown");
    }
}
