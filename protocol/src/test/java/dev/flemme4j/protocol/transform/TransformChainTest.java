package dev.flemme4j.protocol.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.image.SpatialImage;
import dev.flemme4j.protocol.model.Preprocessing;
import dev.flemme4j.protocol.spec.TransformSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the registered transforms tell validation, ingestion and export, list by list. */
class TransformChainTest {
    private static List<TransformSpec> parse(String list, int dim) {
        ConfigNode root = YamlDocument.parse("t:\n" + list);
        return root.nodeList("t").stream().map(n -> TransformSpec.parse(n, dim)).toList();
    }

    @Test
    void servingNormalizesAsTheLastNormalizeOfTheDataTransforms() {
        assertNull(TransformChain.servingNormalize(parse("  - {name: Resize, size: [4, 4]}\n", 2)));
        Preprocessing.Normalize n = TransformChain.servingNormalize(parse("  - {name: Normalize, mean: 0.1, std: 0.2}\n"
                + "  - {name: ToTensor}\n  - {name: Normalize, mean: [0.5], std: [0.25]}\n", 2));
        assertEquals(List.of(0.5), n.mean());
        assertEquals(List.of(0.25), n.std());
    }

    @Test
    void ingestionRefusesAResizeModeItCannotApply() {
        TransformRejection e = assertThrows(TransformRejection.class, () -> TransformChain.checkIngestion(
                parse("  - {name: ToTensor}\n  - {name: Resize, size: [4, 4], mode: bilinear}\n", 2), "loader.data_transforms"));
        assertEquals(TransformRejection.Problem.LOADER, e.problem());
        assertEquals("loader.data_transforms[1].mode", e.path());
        assertEquals(1, TransformChain.lastResize(parse("  - {name: Resize, size: [4, 4]}\n  - {name: Resize, size: [2, 2]}\n"
                + "  - {name: ToTensor}\n", 2)));
    }

    @Test
    void shapesFollowTheTransformsAndNameTheKey() {
        SampleShape rgb = new SampleShape(3, List.of(8, 6));
        assertEquals(new SampleShape(1, List.of(4, 4)), TransformChain.shape(rgb,
                parse("  - {name: GrayScale}\n  - {name: Resize, size: [4, 4]}\n", 2), "k", "a.png"));
        TransformRejection perChannel = assertThrows(TransformRejection.class, () -> TransformChain.shape(rgb,
                parse("  - {name: Normalize, mean: [0.5, 0.5], std: 0.5}\n", 2), "k", "a.png"));
        assertEquals("k[0].mean", perChannel.path());
        TransformRejection square = assertThrows(TransformRejection.class, () -> TransformChain.shape(
                new SampleShape(1, List.of(2, 8, 6)), parse("  - {name: RandomRotate90}\n", 3), "k", "v.nii"));
        assertEquals(TransformRejection.Problem.SHAPE, square.problem());
        assertEquals(new SampleShape(3, List.of(2, 4, 4)), TransformChain.shape(new SampleShape(1, List.of(2, 8, 6)),
                parse("  - {name: Resize, size: [2, 4, 4]}\n  - {name: RandomRotate90}\n  - {name: ToOneHot, num_classes: 3}\n", 3),
                "k", "v.nii"));
    }

    @Test
    void aClassIndexIsOffsetThenEncodedOnce() {
        List<TransformSpec> t = parse("  - {name: Relabel, offset: -1}\n  - {name: ToOneHot, num_classes: 3}\n  - {name: ToTensor}\n", 2);
        assertArrayEquals(new float[] {0, 0, 1}, TransformChain.classIndex(3, t, "c", "s"));
        TransformRejection outside = assertThrows(TransformRejection.class, () -> TransformChain.classIndex(4, t, "c", "s"));
        assertEquals("c[1].num_classes", outside.path());
        assertEquals(TransformRejection.Problem.DATA, outside.problem());
        TransformRejection twice = assertThrows(TransformRejection.class, () -> TransformChain.classIndex(0,
                parse("  - {name: ToOneHot, num_classes: 2}\n  - {name: ToOneHot, num_classes: 2}\n", 2), "c", "s"));
        assertEquals(TransformRejection.Problem.LOADER, twice.problem());
    }

    @Test
    void toTensorScalesWhereItStandsUnlessAValueTransformCameFirst() {
        SpatialImage x = new SpatialImage(1, new int[] {1, 2}, new float[] {0, 255});
        assertArrayEquals(new float[] {0, 1}, TransformChain.image(x, 1 / 255.0, parse("  - {name: ToTensor}\n", 2),
                Draws.NONE, "k", "s").data(), 1e-6f);
        assertArrayEquals(new float[] {1, 0}, TransformChain.image(x, 1 / 255.0, parse("  - {name: InverseColor}\n", 2),
                Draws.NONE, "k", "s").data(), 1e-6f, "no ToTensor: scaled up front, then inverted");
        assertArrayEquals(new float[] {0, 1}, TransformChain.image(x, 1 / 255.0,
                parse("  - {name: ToBinaryMask, threshold: 100}\n  - {name: ToTensor}\n", 2), Draws.NONE, "k", "s").data(),
                "a value transform before ToTensor: no scaling");
        assertTrue(parse("  - {name: RandomFlip}\n", 3).get(0).isRandom());
    }
}
