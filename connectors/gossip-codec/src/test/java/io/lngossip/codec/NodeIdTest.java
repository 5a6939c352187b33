package io.lngossip.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeIdTest {
    private static final String ACINQ = "03864ef025fde8fb587d989186ce6a4a186895ee44a926bfc370e2c366597a3f8f";

    @Test
    void shouldAcceptEitherCaseAndPrintLowercase() {
        assertThat(NodeId.parse(ACINQ.toUpperCase()).hex()).isEqualTo(ACINQ);
        assertThat(NodeId.parse(ACINQ)).isEqualTo(NodeId.parse(ACINQ.toUpperCase()));
    }

    @Test
    void shouldOrderLikeItsHex() {
        NodeId a = NodeId.parse("02" + "ff".repeat(32));
        NodeId b = NodeId.parse("03" + "00".repeat(32));
        assertThat(a).isLessThan(b);
    }

    @Test
    void shouldRejectWrongLengthNonHexAndBadPrefix() {
        assertThatThrownBy(() -> NodeId.parse(ACINQ.substring(2))).hasMessageContaining("66 hex characters");
        assertThatThrownBy(() -> NodeId.parse("zz" + ACINQ.substring(2))).hasMessageContaining("66 hex characters");
        assertThatThrownBy(() -> NodeId.parse("04" + ACINQ.substring(2))).hasMessageContaining("02 or 03");
        assertThatThrownBy(() -> NodeId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBeEqualWithTheSameHashByValueOnly() {
        NodeId a = NodeId.parse(ACINQ);
        NodeId b = NodeId.of(a.toArray());
        byte[] other = a.toArray();
        other[32] ^= 1;
        NodeId c = NodeId.of(other);
        assertThat(b).isEqualTo(a).isNotSameAs(a);
        assertThat(b.hashCode()).isEqualTo(a.hashCode()).isEqualTo(java.util.Arrays.hashCode(a.toArray()));
        assertThat(a.hashCode()).as("asked again").isEqualTo(java.util.Arrays.hashCode(a.toArray()));
        assertThat(c).isNotEqualTo(a);
        assertThat(new java.util.HashSet<>(java.util.List.of(a, b, c))).hasSize(2);
    }
}
