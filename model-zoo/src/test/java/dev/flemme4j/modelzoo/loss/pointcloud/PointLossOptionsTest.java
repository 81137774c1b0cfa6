package dev.flemme4j.modelzoo.loss.pointcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.config.loss.LossKind;
import dev.flemme4j.modelzoo.config.loss.LossSpec;
import dev.flemme4j.modelzoo.config.loss.LossSpecParser;
import dev.flemme4j.modelzoo.config.loss.LossUse;
import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The YAML names and options of CD/DCD/EMD, with bad values named by their path. */
class PointLossOptionsTest {
    private static List<LossSpec> parse(Object losses) {
        ConfigNode model = new ConfigNode("model", Map.of("reconstruction_losses", losses));
        return LossSpecParser.parseLosses(model, "reconstruction_losses", LossUse.IMAGE, "MSE");
    }

    @Test
    void namesAndDefaultsAsUpstream() {
        List<LossSpec> s = parse(List.of(Map.of("name", "Chamfer"), Map.of("name", "CD", "squared_distance", false, "extended", true),
                Map.of("name", "DChamfer", "alpha", 50, "n_lambda", 0.5, "non_reg", true), Map.of("name", "EMD", "eps", 0.002, "iters", 100)));
        assertEquals(LossKind.CHAMFER, s.get(0).kind());
        assertEquals(PointLossOptions.DEFAULTS, s.get(0).points());
        assertEquals(new PointLossOptions(false, true, 1000, 1, false), s.get(1).points());
        assertEquals(LossKind.DENSITY_CHAMFER, s.get(2).kind());
        assertEquals(new PointLossOptions(true, false, 50, 0.5, true), s.get(2).points());
        assertEquals(LossKind.EMD, s.get(3).kind());
        assertEquals(PointLossOptions.DEFAULTS, s.get(3).points());
    }

    @Test
    void badValuesNameTheirKey() {
        ConfigException alpha = assertThrows(ConfigException.class, () -> parse(Map.of("name", "DCD", "alpha", -1)));
        assertTrue(alpha.getMessage().contains("reconstruction_losses") && alpha.getMessage().contains("alpha"), alpha.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> parse(Map.of("name", "CD", "alpha", 3)));
        assertTrue(unknown.getMessage().contains("alpha"), unknown.getMessage());
        ConfigException iters = assertThrows(ConfigException.class, () -> parse(Map.of("name", "EMD", "iters", 0)));
        assertTrue(iters.getMessage().contains("iters"), iters.getMessage());
        ConfigException extended = assertThrows(ConfigException.class, () -> parse(Map.of("name", "EMD", "extended", true)));
        assertTrue(extended.getMessage().contains("extended"), extended.getMessage());
    }
}
