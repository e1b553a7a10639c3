package io.auditq.parser.normal;

import io.auditq.parser.input.LogSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class AccountNamesTest {
    private static final LogSource LOG = new LogSource("audit.log", null, 0);
    private static final long FIRST = 1_000_000;

    private record Seen(String node, long uid, String name, long time, long line) {
    }

    private static LearnedNames learn(List<Seen> seen) {
        LearnedNames l = new LearnedNames();
        for (Seen s : seen) {
            l.learn(s.node(), LearnedNames.Kind.USER, s.uid(), s.name(), s.time(), s.line(), LOG, s.line());
        }
        return l;
    }

    /** The same sightings in any order make the same table: the first record of each name is the earliest one. */
    @Test
    void whatIsLearnedDoesNotDependOnReadOrder() {
        List<Seen> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            seen.add(new Seen(i % 3 == 0 ? null : "web0" + i % 3, 1000 + i % 7, "u" + (i % 7) + (i % 50 == 0 ? "x" : ""),
                    10_000 - i, i + 1));
        }
        LearnedNames expected = learn(seen);
        Random random = new Random(17);
        for (int round = 0; round < 20; round++) {
            Collections.shuffle(seen, random);
            assertThat(learn(seen)).isEqualTo(expected);
        }
        // uid 1000 without a node: i = 0, 21, … 189; named u0x at i = 0 (time 10000), u0 from i = 189 (time 9811)
        List<LearnedNames.Sighting> names = expected.names(null, LearnedNames.Kind.USER, 1000);
        assertThat(names).extracting(LearnedNames.Sighting::name).containsExactly("u0", "u0x");
        assertThat(names.getFirst().timeMillis()).isEqualTo(10_000 - 189);
        assertThat(names.getFirst().line()).isEqualTo(190);
        assertThat(expected.conflicts()).extracting(c -> c.key().id()).contains(1000L);
    }

    /** A hostile log naming more uids than the bound: the lowest ids are kept whatever the order, and it is said. */
    @Test
    void theBoundKeepsTheLowestIdsWhateverTheOrder(@TempDir Path dir) throws IOException {
        int extra = 1000;
        long firstDropped = FIRST + LearnedNames.MAX_IDS;
        List<Seen> seen = new ArrayList<>();
        for (long uid = FIRST; uid < firstDropped + extra; uid++) {
            seen.add(new Seen("web01", uid, "u" + uid, uid, uid));
        }
        LearnedNames ascending = learn(seen);
        Collections.reverse(seen);
        LearnedNames descending = learn(seen);
        assertThat(descending).isEqualTo(ascending);
        assertThat(ascending.full()).isTrue();
        assertThat(ascending.all()).hasSize(LearnedNames.MAX_IDS);

        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "fromfile:x:" + (firstDropped + 5) + ":100::/:/bin/sh\n");
        AccountNames names = AccountNames.fromLogOnly().withPasswd(passwd).withLearned(ascending);
        assertThat(names.user("web01", FIRST)).isEqualTo("u" + FIRST);
        assertThat(names.user("web01", firstDropped - 1)).isEqualTo("u" + (firstDropped - 1));
        assertThat(names.user("web01", firstDropped)).isNull();
        // a dropped uid is still answered from passwd
        assertThat(names.user("web01", firstDropped + 5)).isEqualTo("fromfile");
        // another node's uid above the bound's keys is dropped too
        ascending.learn("zz", LearnedNames.Kind.USER, 7, "seven", 1, 1, LOG, 1);
        assertThat(ascending.names("zz", LearnedNames.Kind.USER, 7)).isEmpty();
    }

    @Test
    void namesThatAreNoNamesAreNotLearned() {
        LearnedNames l = new LearnedNames();
        l.learn("web01", LearnedNames.Kind.USER, 1000, "alice", 1, 1, LOG, 1);
        l.learn("web02", LearnedNames.Kind.USER, 1000, "bob", 2, 2, LOG, 2);
        l.learn("web01", LearnedNames.Kind.USER, AccountNames.UNSET, "unset", 3, 3, LOG, 3);
        l.learn("web01", LearnedNames.Kind.USER, 1001, "unknown(1001)", 4, 4, LOG, 4);
        l.learn("web01", LearnedNames.Kind.USER, 1002, "?", 5, 5, LOG, 5);
        AccountNames names = AccountNames.fromLogOnly().withLearned(l);
        assertThat(names.user("web01", 1000)).isEqualTo("alice");
        assertThat(names.user("web02", 1000)).isEqualTo("bob");
        assertThat(l.all()).hasSize(2);
        assertThat(l.full()).isFalse();
        assertThat(names.userName("web01", 1000).basis()).isEqualTo(AccountNames.Basis.LOG);
        assertThat(names.userName("web01", 1000).from().origin()).isEqualTo("audit.log:1");
    }

    /** Two names for one id are a conflict: no name is chosen. */
    @Test
    void twoNamesForOneIdAreAConflictNotAChoice() {
        LearnedNames l = new LearnedNames();
        l.learn(null, LearnedNames.Kind.USER, 1000, "bob", 20, 1, LOG, 9);
        l.learn(null, LearnedNames.Kind.USER, 1000, "alice", 10, 1, LOG, 3);
        AccountNames names = AccountNames.fromLogOnly().withLearned(l);
        AccountNames.Name n = names.userName(null, 1000);
        assertThat(n.basis()).isEqualTo(AccountNames.Basis.CONFLICT);
        assertThat(n.name()).isNull();
        assertThat(names.user(null, 1000)).isNull();
        assertThat(l.conflicts()).singleElement()
                .satisfies(c -> assertThat(c.listing()).isEqualTo("alice (audit.log:3), bob (audit.log:9)"));
    }

    /** uid and gid 0 are root without a passwd; a passwd that renames uid 0 wins; the log's own name beats both. */
    @Test
    void rootIsBuiltInUnlessTheEvidenceSaysOtherwise(@TempDir Path dir) throws IOException {
        AccountNames bare = AccountNames.fromLogOnly();
        assertThat(bare.user("h", 0)).isEqualTo("root");
        assertThat(bare.group("h", 0)).isEqualTo("root");
        assertThat(bare.userName("h", 0).basis()).isEqualTo(AccountNames.Basis.BUILT_IN);
        assertThat(bare.user("h", 1)).isNull();
        assertThat(bare.filesOnly().user("h", 0)).as("a case row stores no built-in name").isNull();

        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "toor:x:0:0::/root:/bin/sh\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        AccountNames files = AccountNames.fromLogOnly().withPasswd(passwd);
        assertThat(files.user("h", 0)).isEqualTo("toor");
        assertThat(files.group("h", 0)).as("no group file: gid 0 is still root").isEqualTo("root");

        LearnedNames l = new LearnedNames();
        l.learn("h", LearnedNames.Kind.USER, 0, "admin", 1, 1, LOG, 1);
        l.learn("h", LearnedNames.Kind.USER, 1000, "alicia", 1, 1, LOG, 1);
        assertThat(bare.withLearned(l).user("h", 0)).as("a name the log gives beats the built-in one")
                .isEqualTo("admin");
        assertThat(files.withLearned(l).user("h", 1000)).as("the evidence passwd beats an inference")
                .isEqualTo("alice");
    }
}
