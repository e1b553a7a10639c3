package io.auditq.parser.normal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class SocketCallTest {

    @ParameterizedTest
    @CsvSource({"1, socket", "2, bind", "3, connect", "4, listen", "5, accept", "11, sendto", "16, sendmsg",
            "18, accept4", "20, sendmmsg"})
    void knownSubcalls(int number, String name) {
        assertThat(SocketCall.name(number)).isEqualTo(name);
        assertThat(SocketCall.number(name)).isEqualTo(number);
    }

    @Test
    void allTwentyAndNothingElse() {
        for (int n = 1; n <= 20; n++) {
            assertThat(SocketCall.name(n)).as("sub-call %d", n).isNotNull();
        }
        assertThat(SocketCall.name(0)).isNull();
        assertThat(SocketCall.name(21)).isNull();
        assertThat(SocketCall.number("socketcall")).isEqualTo(-1);
    }
}
