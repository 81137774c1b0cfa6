package dev.flemme4j.modelzoo.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flemme4j.protocol.diffusion.BetaSchedule;
import dev.flemme4j.protocol.diffusion.DdimSteps;
import dev.flemme4j.protocol.diffusion.KarrasSigmas;
import dev.flemme4j.protocol.diffusion.NoiseSchedule;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * ᾱ of the linear and cosine schedules and the DDIM τ grids against independent numpy float64 values
 * ({@code src/test/resources/diffusion/schedule_reference.py}, output committed beside it as
 * {@code schedule_reference.json}).
 */
class NoiseScheduleTest {

    private static JsonNode reference() throws IOException {
        try (InputStream in = NoiseScheduleTest.class.getResourceAsStream("/diffusion/schedule_reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @Test
    void alphaBarMatchesIndependentValues() throws IOException {
        int checked = 0;
        for (JsonNode row : reference().get("alpha_bar")) {
            BetaSchedule kind = BetaSchedule.of(row.get("schedule").asText());
            NoiseSchedule s = NoiseSchedule.of(kind, row.get("T").asInt());
            int t = row.get("t").asInt();
            assertEquals(row.get("value").asDouble(), s.alphaBar(t), 1e-7, row.toString());
            checked++;
        }
        assertEquals(16, checked, "2 schedules x 2 lengths x t in {0, 1, T/2, T-1}");
    }

    @Test
    void everySpellingButLinearIsCosine() {
        assertEquals(BetaSchedule.COSINE, BetaSchedule.of("consine"));
        assertEquals(BetaSchedule.COSINE, BetaSchedule.of("cosine"));
        assertEquals(BetaSchedule.LINEAR, BetaSchedule.of("linear"));
        // cosine betas are clipped at 0.999: the last step of the cosine schedule hits the cap
        assertEquals(0.999, 1 - NoiseSchedule.of(BetaSchedule.COSINE, 1000).alpha(999), 1e-12);
    }

    @Test
    void ddimGridsMatchUpstreamFormulas() throws IOException {
        int checked = 0;
        for (JsonNode row : reference().get("tau")) {
            int steps = row.get("T").asInt();
            int sample = row.get("S").asInt();
            assertArrayEquals(ints(row.get("uniform")), DdimSteps.UNIFORM.grid(steps, sample), "uniform " + row.get("T"));
            assertArrayEquals(ints(row.get("quad")), DdimSteps.QUAD.grid(steps, sample), "quad " + row.get("T"));
            checked++;
        }
        assertEquals(2, checked);
        assertEquals(991, DdimSteps.UNIFORM.grid(1000, 100)[99]);
    }

    @Test
    void karrasGridRunsFromSigmaMaxToSigmaMinThenZero() {
        double[] s = KarrasSigmas.grid(18, 0.002, 80, 7);
        assertEquals(19, s.length);
        assertEquals(80, s[0], 1e-9);
        assertEquals(0.002, s[17], 1e-12);
        assertEquals(0, s[18]);
        for (int i = 1; i < s.length; i++) {
            assertEquals(true, s[i] < s[i - 1]);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
