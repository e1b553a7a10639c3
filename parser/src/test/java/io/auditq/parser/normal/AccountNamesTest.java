package io.auditq.parser.normal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class AccountNamesTest {
    private static final long FIRST = 1_000_000;

    /** A hostile log naming more uids than the bound: learning stops, nothing learned is forgotten or changed. */
    @Test
    void learningStopsAtTheBoundAndEveryEarlierAnswerStands(@TempDir Path dir) throws IOException {
        int extra = 1000;
        long firstRefused = FIRST + AccountNames.MAX_LEARNED;
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0::/root:/bin/sh\nfromfile:x:" + (firstRefused + 5) + ":100::/:/bin/sh\n");
        AccountNames names = AccountNames.fromLogOnly().withPasswd(passwd);
        for (long uid = FIRST; uid < firstRefused + extra; uid++) {
            names.learnUser("web01", uid, "u" + uid);
        }
        assertThat(names.notLearned()).isEqualTo(extra);
        assertThat(names.user("web01", FIRST)).isEqualTo("u" + FIRST);
        assertThat(names.user("web01", firstRefused - 1)).isEqualTo("u" + (firstRefused - 1));
        assertThat(names.user("web01", firstRefused)).isNull();
        assertThat(names.user("web01", firstRefused + extra - 1)).isNull();
        // a refused uid is still answered from passwd, never from the ENRICHED name that was not kept
        assertThat(names.user("web01", firstRefused + 5)).isEqualTo("fromfile");

        // the bound is over all nodes: another node's new uid is refused too
        names.learnUser("db01", 7, "seven");
        assertThat(names.user("db01", 7)).isNull();
        assertThat(names.notLearned()).isEqualTo(extra + 1);
        // a uid already learned may still be renamed by a later record: that takes no room
        names.learnUser("web01", FIRST, "renamed");
        assertThat(names.user("web01", FIRST)).isEqualTo("renamed");
        assertThat(names.notLearned()).isEqualTo(extra + 1);
        // groups have their own bound
        names.learnGroup("web01", 42, "staff");
        assertThat(names.group("web01", 42)).isEqualTo("staff");
        assertThat(names.notLearned()).isEqualTo(extra + 1);
    }

    @Test
    void belowTheBoundEverythingIsLearnedAndNothingCounted() {
        AccountNames names = AccountNames.fromLogOnly();
        names.learnUser("web01", 1000, "alice");
        names.learnUser("web02", 1000, "bob");
        names.learnUser("web01", AccountNames.UNSET, "unset");
        assertThat(names.user("web01", 1000)).isEqualTo("alice");
        assertThat(names.user("web02", 1000)).isEqualTo("bob");
        assertThat(names.notLearned()).isZero();
    }
}
