package io.auditq.parser.normal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ErrnoTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "115 | EINPROGRESS  | Operation now in progress",
            "111 | ECONNREFUSED | Connection refused",
            "13  | EACCES       | Permission denied",
            "2   | ENOENT       | No such file or directory",
            "1   | EPERM        | Operation not permitted",
            "11  | EAGAIN       | Try again",
            "133 | EHWPOISON    | Memory page has hardware error",
            "512 | ERESTARTSYS  | Interrupted by a signal; restarted if the handler allows it, else EINTR",
            "516 | ERESTART_RESTARTBLOCK | restart by calling sys_restart_syscall",
            "524 | ENOTSUPP     | Operation is not supported",
            "531 | ENOGRACE     | NFS file lock reclaim refused",
    })
    void knownErrnos(int number, String name, String message) {
        assertThat(Errno.name(number)).isEqualTo(name);
        assertThat(Errno.number(name)).isEqualTo(number);
        assertThat(Errno.message(number)).isEqualTo(message);
    }

    @Test
    void unknownIsNullOrMinusOne() {
        assertThat(Errno.name(0)).isNull();
        assertThat(Errno.name(-115)).isNull();
        assertThat(Errno.name(134)).isNull();
        assertThat(Errno.name(520)).isNull(); // unused between ENOPARAM and EBADHANDLE
        assertThat(Errno.message(520)).isNull();
        assertThat(Errno.name(532)).isNull();
        assertThat(Errno.number("EWOULDBLOCK")).isEqualTo(-1);
        assertThat(Errno.number("einprogress")).isEqualTo(-1);
    }

    @Test
    void wholeRangeRoundTrips() {
        int known = 0;
        for (int n = 1; n <= 133; n++) {
            String name = Errno.name(n);
            if (name != null) {
                known++;
                assertThat(Errno.number(name)).isEqualTo(n);
                assertThat(Errno.message(n)).isNotBlank();
            }
        }
        // 41 and 58 are unused in the generic table
        assertThat(known).isEqualTo(131);
        assertThat(Errno.name(41)).isNull();
        assertThat(Errno.name(58)).isNull();
    }

    /** The kernel-internal codes audit logs but user space never sees: 512..531 except the unused 520. */
    @Test
    void kernelInternalRangeRoundTrips() {
        List<String> names = new ArrayList<>();
        for (int n = 512; n <= 531; n++) {
            String name = Errno.name(n);
            if (name != null) {
                names.add(name);
                assertThat(Errno.number(name)).isEqualTo(n);
                assertThat(Errno.message(n)).isNotBlank();
            }
        }
        assertThat(names).containsExactly("ERESTARTSYS", "ERESTARTNOINTR", "ERESTARTNOHAND", "ENOIOCTLCMD",
                "ERESTART_RESTARTBLOCK", "EPROBE_DEFER", "EOPENSTALE", "ENOPARAM", "EBADHANDLE", "ENOTSYNC",
                "EBADCOOKIE", "ENOTSUPP", "ETOOSMALL", "ESERVERFAULT", "EBADTYPE", "EJUKEBOX", "EIOCBQUEUED",
                "ERECALLCONFLICT", "ENOGRACE");
    }
}
