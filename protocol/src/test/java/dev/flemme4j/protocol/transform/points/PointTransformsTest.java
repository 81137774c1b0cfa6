package dev.flemme4j.protocol.transform.points;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigException;
import dev.flemme4j.protocol.config.ConfigNode;
import dev.flemme4j.protocol.config.YamlDocument;
import dev.flemme4j.protocol.pointcloud.PointCloud;
import dev.flemme4j.protocol.spec.LoaderSpec;
import dev.flemme4j.protocol.spec.TransformSpec;
import dev.flemme4j.protocol.transform.Draws;
import dev.flemme4j.protocol.transform.SampleShape;
import dev.flemme4j.protocol.transform.Transform;
import dev.flemme4j.protocol.transform.TransformChain;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointTransformsTest {
    private static List<TransformSpec> parse(String list) {
        ConfigNode root = YamlDocument.parse("t:\n" + list);
        return root.nodeList("t").stream().map(n -> TransformSpec.parse(n, Transform.PCD)).toList();
    }

    private static Draws draws(long seed) {
        return Draws.seeded(seed);
    }

    /** A cloud of n points on a line from (0,0,0) to (n-1, 2(n-1), 0), each a distinct row. */
    private static PointCloud line(int n) {
        float[] v = new float[n * 3];
        for (int i = 0; i < n; i++) {
            v[i * 3] = i;
            v[i * 3 + 1] = 2 * i;
        }
        return new PointCloud(v, n, 3);
    }

    @Test
    void fixedPointsRunsFirstAndSetsTheShape() {
        List<TransformSpec> t = parse("  - {name: Normalize}\n  - {name: ShufflePoints}\n  - {name: FixedPoints, num: 7}\n");
        assertEquals(List.of(2, 0, 1), TransformChain.pointOrder(t), "upstream moves FixedPoints to the front");
        assertEquals(new SampleShape(3, List.of(7)), TransformChain.shape(new SampleShape(3, List.of(50)), t, "t", "a.ply"));
        PointCloud out = TransformChain.points(line(50), t, draws(1), "t");
        assertEquals(7, out.points());
        for (float v : out.values()) {
            assertTrue(v >= -1 && v <= 1, "normalized into [-1, 1]: " + v);
        }
        // without draws (validation) FixedPoints still samples, from a fixed seed: the same rows each time
        PointCloud a = TransformChain.points(line(50), t, Draws.NONE, "t");
        PointCloud b = TransformChain.points(line(50), t, Draws.NONE, "t");
        assertEquals(7, a.points());
        assertEquals(java.util.Arrays.toString(a.values()), java.util.Arrays.toString(b.values()));
    }

    @Test
    void fixedPointsWithoutReplacementKeepsDuplicatesMinimalAndFpsSpreads() {
        PointCloud c = line(5);
        PointCloud up = TransformChain.points(c, parse("  - {name: FixedPoints, num: 12, replace: false}\n"), draws(3), "t");
        int[] count = new int[5];
        for (int i = 0; i < up.points(); i++) {
            count[(int) up.get(i, 0)]++;
        }
        for (int k : count) {
            assertTrue(k == 2 || k == 3, "12 from 5 without replacement: each point 2 or 3 times, got " + k);
        }
        PointCloud fps = TransformChain.points(line(101), parse("  - {name: FixedPoints, num: 3, method: fps}\n"), draws(2), "t");
        java.util.Set<Float> xs = new java.util.HashSet<>();
        for (int i = 0; i < 3; i++) {
            xs.add(fps.get(i, 0));
        }
        assertTrue(xs.contains(0f) && xs.contains(100f), "farthest point sampling reaches both ends: " + xs);
    }

    @Test
    void rotationKeepsNormsAndTheAxisScaleAndNoiseMoveValues() {
        PointCloud c = line(20);
        PointCloud r = TransformChain.points(c, parse("  - {name: RandomRotate, degrees: 90, axis: 2}\n"), draws(5), "t");
        boolean moved = false;
        for (int i = 0; i < 20; i++) {
            double n0 = Math.hypot(c.get(i, 0), c.get(i, 1));
            double n1 = Math.hypot(r.get(i, 0), r.get(i, 1));
            assertEquals(n0, n1, 1e-4, "a rotation keeps lengths");
            assertEquals(c.get(i, 2), r.get(i, 2), 1e-6, "the axis coordinate stays");
            moved |= Math.abs(c.get(i, 0) - r.get(i, 0)) > 1e-3;
        }
        assertTrue(moved);
        PointCloud s = TransformChain.points(c, parse("  - {name: RandomScale, scales: [2, 2]}\n"), draws(5), "t");
        assertEquals(2 * c.get(7, 1), s.get(7, 1), 1e-5);
        PointCloud n = TransformChain.points(c, parse("  - {name: AddNoise, std: 0.1}\n"), draws(5), "t");
        double var = 0;
        for (int i = 0; i < 60; i++) {
            double d = n.values()[i] - c.values()[i];
            var += d * d / 60;
        }
        assertEquals(0.01, var, 0.006, "noise variance ~ std^2");
        assertEquals(c, TransformChain.points(c, parse("  - {name: AddRandomNoise}\n  - {name: ShufflePoints}\n"),
                Draws.NONE, "t"), "random transforms are skipped without draws");
    }

    @Test
    void perPointLabelsBecomeOneHotChannelsLast() {
        PointCloud labels = new PointCloud(new float[] {0, 2, 1}, 3, 1);
        PointCloud three = TransformChain.points(labels, parse("  - {name: ToOneHot, num_classes: 3}\n"), Draws.NONE, "t");
        assertEquals(3, three.dims());
        assertEquals(java.util.Arrays.toString(new float[] {1, 0, 0, 0, 0, 1, 0, 1, 0}), java.util.Arrays.toString(three.values()));
        PointCloud two = TransformChain.points(new PointCloud(new float[] {0, 1}, 2, 1),
                parse("  - {name: ToOneHot, num_classes: 2}\n"), Draws.NONE, "t");
        assertEquals(1, two.dims(), "two classes stay one channel, as upstream's label_to_onehot");
        ConfigException bad = assertThrows(ConfigException.class, () -> TransformChain.points(labels,
                parse("  - {name: ToOneHot, num_classes: 2}\n"), Draws.NONE, "t"));
        assertTrue(bad.getMessage().contains("t[0].num_classes") && bad.getMessage().contains("label 2.0"), bad.getMessage());
    }

    @Test
    void badKeysAndVocabulariesNameTheKey() {
        ConfigException num = assertThrows(ConfigException.class, () -> parse("  - {name: FixedPoints}\n"));
        assertTrue(num.getMessage().contains("t[0].num"), num.getMessage());
        ConfigException qfps = assertThrows(ConfigException.class, () -> parse("  - {name: FixedPoints, num: 4, method: qfps}\n"));
        assertTrue(qfps.getMessage().contains("t[0].method") && qfps.getMessage().contains("not supported yet"));
        ConfigException axis = assertThrows(ConfigException.class, () -> parse("  - {name: RandomRotate, degrees: 5, axis: 3}\n"));
        assertTrue(axis.getMessage().contains("t[0].axis"), axis.getMessage());
        ConfigException image = assertThrows(ConfigException.class, () -> parse("  - {name: Resize, size: [4, 4]}\n"));
        assertTrue(image.getMessage().contains("image transform") && image.getMessage().contains("FixedPoints"),
                image.getMessage());
        ConfigException later = assertThrows(ConfigException.class, () -> parse("  - {name: RandomTranslate, translate: 1}\n"));
        assertTrue(later.getMessage().contains("not supported yet for point clouds"), later.getMessage());
        ConfigException inImages = assertThrows(ConfigException.class,
                () -> TransformSpec.parse(YamlDocument.parse("t: {name: FixedPoints, num: 3}").node("t"), 2));
        assertTrue(inImages.getMessage().contains("point-cloud transform"), inImages.getMessage());
        ConfigException volRotate = assertThrows(ConfigException.class,
                () -> TransformSpec.parse(YamlDocument.parse("t: {name: RandomRotate}").node("t"), 3));
        assertTrue(volRotate.getMessage().contains("not supported yet"), volRotate.getMessage());
    }

    @Test
    void pointCloudLoadersTakeThePointVocabularyAndUpstreamDefaults() {
        LoaderSpec l = LoaderSpec.parse(YamlDocument.parse("""
                dataset: {name: PcdSegDataset, data_path: shapes}
                data_transforms:
                  - {name: FixedPoints, num: 64}
                  - {name: Normalize, method: mean}
                """), false);
        assertEquals("pcd", l.dataset().dataDir());
        assertEquals("label", l.dataset().labelDir());
        assertEquals(List.of(".seg"), l.labelSuffixes());
        assertEquals(List.of("FixedPoints"), l.effectiveLabelTransforms().stream().map(TransformSpec::name).toList(),
                "FixedPoints is derived for the per-point labels; Normalize is not");
        assertTrue(l.dataset().isPointCloud() && l.dataset().isSegmentation());
        LoaderSpec plain = LoaderSpec.parse(YamlDocument.parse("dataset: {name: PcdDataset, data_path: s, data_suffix: .xyz}"),
                true);
        assertEquals("", plain.dataset().dataDir());
        assertTrue(plain.labelSuffixes().isEmpty());
        assertFalse(plain.dataset().isSegmentation());
        ConfigException suffix = assertThrows(ConfigException.class, () -> LoaderSpec.parse(
                YamlDocument.parse("dataset: {name: PcdDataset, data_path: s, data_suffix: .png}"), true));
        assertTrue(suffix.getMessage().contains("data_suffix"), suffix.getMessage());
        ConfigException dim = assertThrows(ConfigException.class, () -> LoaderSpec.parse(
                YamlDocument.parse("dataset: {name: PcdDataset, data_path: s, dim: 3}"), true));
        assertTrue(dim.getMessage().contains("dim"), dim.getMessage());
        ConfigException shuffle = assertThrows(ConfigException.class, () -> LoaderSpec.parse(YamlDocument.parse("""
                dataset: {name: PcdDataset, data_path: s}
                data_transforms: [{name: ShufflePoints}]
                """), false));
        assertTrue(shuffle.getMessage().contains("data_transforms[0]"), shuffle.getMessage());
    }
}
