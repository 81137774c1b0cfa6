package dev.flemme4j.protocol.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import dev.flemme4j.protocol.registry.KeyType;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Adding a transform is one registration: this file declares a transform with keys of its own, registers it, and
 * the loader parse, the shape check, ingestion and the key reference all take it without another file changing.
 */
class RegisteringATransformTest {
    /** Clip's own immutable settings. */
    record ClipParams(double min, double max) {
    }

    /** A transform flemme4j does not have: clamps values to [min, max]. */
    static final class Clip extends Transform {
        Clip() {
            super("TestClip", "clamps values to [min, max] (test registration)", KeySet.of(
                    Key.of("min", KeyType.NUMBER, "0", "lower bound"),
                    Key.of("max", KeyType.NUMBER, "1", "upper bound").alias("upper")), null);
        }

        @Override
        public TransformSpec parse(ConfigNode n, int dim) {
            double min = n.number("min", 0);
            double max = n.number("max", 1);
            if (max < min) {
                throw n.error("max", "must be at least min (" + min + "), got " + max);
            }
            return TransformSpec.of(name(), new ClipParams(min, max));
        }

        @Override
        public SpatialImage apply(SpatialImage x, TransformSpec t, ImagePass pass) {
            ClipParams p = (ClipParams) t.params();
            float[] out = x.data().clone();
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) Math.max(p.min(), Math.min(p.max(), out[i]));
            }
            return new SpatialImage(x.channels(), x.size(), out);
        }
    }

    static {
        Transforms.KIND.register(new Clip());
    }

    private static List<TransformSpec> parse(String list, int dim) {
        ConfigNode root = YamlDocument.parse("t:\n" + list);
        return root.nodeList("t").stream().map(n -> TransformSpec.parse(n, dim)).toList();
    }

    @Test
    void aRegisteredTransformParsesAppliesAndKeepsTheShape() {
        List<TransformSpec> t = parse("  - {name: ToTensor}\n  - {name: TestClip, min: 0.25, upper: 0.5}\n", 2);
        assertEquals(new ClipParams(0.25, 0.5), t.get(1).params(), "the older spelling 'upper' is read as max");
        SpatialImage x = new SpatialImage(1, new int[] {1, 3}, new float[] {0, 102, 255});
        SpatialImage y = TransformChain.image(x, 1 / 255.0, t, Draws.NONE, "t", "s.png");
        assertArrayEquals(new float[] {0.25f, 0.4f, 0.5f}, y.data(), 1e-6f);
        SampleShape s = new SampleShape(1, List.of(1, 3));
        assertEquals(s, TransformChain.shape(s, t, "t", "s.png"));
        assertTrue(t.get(1).toString().endsWith(", params=ClipParams[min=0.25, max=0.5]]"), t.get(1).toString());
        assertTrue(Transforms.KIND.find("TestClip").orElseThrow().keys().names().containsAll(List.of("name", "min", "max")));
    }

    @Test
    void itsKeysAndDimensionAreChecked() {
        ConfigException unknownKey = assertThrows(ConfigException.class, () -> parse("  - {name: TestClip, mx: 2}\n", 2));
        assertTrue(unknownKey.getMessage().contains("t[0].mx") && unknownKey.getMessage().contains("did you mean 'max'"),
                unknownKey.getMessage());
        ConfigException bad = assertThrows(ConfigException.class, () -> parse("  - {name: TestClip, min: 2}\n", 2));
        assertTrue(bad.getMessage().contains("t[0].max"), bad.getMessage());
        ConfigException volume = assertThrows(ConfigException.class, () -> parse("  - {name: TestClip}\n", 3));
        assertTrue(volume.getMessage().contains("is a 2D transform"), volume.getMessage());
        ConfigException typo = assertThrows(ConfigException.class, () -> parse("  - {name: TestClp}\n", 2));
        assertTrue(typo.getMessage().contains("did you mean 'TestClip'")
                && typo.getMessage().contains("supported for dim 2: Resize"), typo.getMessage());
    }

    @Test
    void aClassIndexRefusesIt() {
        TransformSpec clip = parse("  - {name: TestClip}\n", 2).get(0);
        ConfigException e = assertThrows(ConfigException.class, () -> clip.transform().checkClassIndex(clip, "c[0]"));
        assertTrue(e.getMessage().contains("class_label_transforms take ToTensor, ToOneHot, Relabel"), e.getMessage());
    }
}
