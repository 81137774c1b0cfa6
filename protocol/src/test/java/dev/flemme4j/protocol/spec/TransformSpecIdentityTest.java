package dev.flemme4j.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.flemme4j.protocol.config.ConfigNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A parsed transform prints as it always did: the coordinator's dataset id hashes this text, so a change here would
 * re-ingest every dataset already ingested.
 */
class TransformSpecIdentityTest {
    private static String parsed(Map<String, Object> section, int dim) {
        return TransformSpec.parse(new ConfigNode("t", section), dim).toString();
    }

    @Test
    void theTextOfASpecIsStable() {
        assertEquals("TransformSpec[name=Resize, size=[8, 8], mode=nearest, mean=null, std=null, threshold=0.0,"
                + " outChannel=0, numClasses=0, offset=null, map=[], probability=0.5, channelwise=false, degrees=null,"
                + " fill=0.0]", parsed(Map.of("name", "Resize", "size", List.of(8, 8)), 2));
        assertEquals("TransformSpec[name=Relabel, size=null, mode=null, mean=null, std=null, threshold=0.0,"
                + " outChannel=0, numClasses=0, offset=null, map=[[4, 3]], probability=0.0, channelwise=false,"
                + " degrees=null, fill=0.0]", parsed(Map.of("name", "Relabel", "map", List.of(List.of(4, 3))), 3));
        assertEquals("TransformSpec[name=RandomRotation, size=null, mode=null, mean=null, std=null, threshold=0.0,"
                + " outChannel=0, numClasses=0, offset=null, map=[], probability=0.0, channelwise=false,"
                + " degrees=[-15.0, 15.0], fill=1.0]", parsed(Map.of("name", "RandomRotation", "degrees", 15, "fill", 1), 2));
        assertEquals("TransformSpec[name=Normalize, size=null, mode=null, mean=[0.5], std=[0.5], threshold=0.0,"
                + " outChannel=0, numClasses=0, offset=null, map=[], probability=0.0, channelwise=false, degrees=null,"
                + " fill=0.0]", parsed(Map.of("name", "Normalize", "mean", 0.5, "std", 0.5), 2));
    }
}
