package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.flemme4j.modelzoo.block.NetworkBlock;
import dev.flemme4j.modelzoo.encoder.DNetDecoder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DNet computes what upstream's DNet computes, not only with the same parameter shapes: with every parameter
 * set to a fixed function of its upstream name, the latent, every encoder stage output, every decoder up stage
 * output and the image have upstream's checksums. This pins the wiring that counts cannot see: which features
 * are concatenated in which order, and which resampler each gets.
 *
 * <p>Checksums ({@code Σ t_k sin(0.1k) / Σ|t_k|} per tensor) from
 * {@code src/test/resources/reference/dnet_forward.py} (command and fill rule in its header), upstream 86abf06 on
 * Debian's python3-torch 1.13, in double precision. Each must agree within 1e-4 of the tensor's {@code Σ|t|}.
 */
class DNetForwardTest {
    private static final double RELATIVE_TOLERANCE = 1e-4;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "image_size: [16, 16];down_channels: [8, 16, 16];middle_channels: [32] | 0.0222238992/10.1017898 37.8936937/461.409813 -25.0674778/202.333003 5.27145725/49.7842869 3.3339668/52.4266742 -49.8534926/208.037508 39.2222573/458.030575 -0.464242254/114.358739",
        "image_size: [16, 16, 16];down_channels: [8, 16];middle_channels: [16];dsample_function: max_pooling | -47.0302244/101.03337 -11.6666675/3634.96207 -8.95185488/851.674074 -11.2123089/865.262077 65.6334005/3648.7975 16.849409/2189.98448",
        "image_size: [24, 32];down_channels: [8, 16, 16];shape_scaling: [2, 1, 2];middle_channels: [32] | -8.14078115/204.531467 18.928493/1435.11479 54.6981927/583.925325 39.7975316/599.843941 5.11349181/626.155886 68.4103675/624.107984 16.4767759/1362.387 -5.70548935/343.03067",
    })
    void stagesEqualUpstreamWithTheSameWeights(String encoderKeys, String expectedChecksums) {
        String yaml = """
                model:
                  name: SeM
                  segmentation_losses: [{name: Dice}]
                  encoder:
                    name: DNet
                    in_channel: 1
                    out_channel: 1
                    patch_channel: 8
                """ + TestConfigs.indent(encoderKeys.replace(';', '\n'));
        try (FlemmeModel model = ModelFactory.create(TestConfigs.spec(yaml), Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, Parameter> byUpstreamName = new LinkedHashMap<>();
            collect(model.block(), "", byUpstreamName);
            assertEquals(model.parameterCount(), byUpstreamName.values().stream().mapToLong(p -> p.getArray().size()).sum());
            byUpstreamName.forEach(DNetForwardTest::fill);

            Shape inputShape = model.inputShape(2);
            float[] x = new float[Math.toIntExact(inputShape.size())];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) Math.sin(0.05 * k);
            }
            ParameterStore ps = new ParameterStore(manager, false);
            NDList encoded = child(model.block(), "encoder").forward(ps, new NDList(manager.create(x, inputShape)), false);
            // the image first, then every up stage's output (the flag only selects outputs; shapes are unchanged)
            NDList decoded = ((DNetDecoder) child(model.block(), "decoder")).returningFeatures().forward(ps, encoded, false);
            List<NDArray> tensors = new ArrayList<>(encoded);
            tensors.addAll(decoded.subList(1, decoded.size()));
            tensors.add(decoded.get(0));

            String[] expected = expectedChecksums.trim().split(" ");
            assertEquals(expected.length, tensors.size(), "latent, encoder stages, decoder stages, image");
            for (int i = 0; i < expected.length; i++) {
                double wave = Double.parseDouble(expected[i].split("/")[0]);
                double absSum = Double.parseDouble(expected[i].split("/")[1]);
                float[] t = tensors.get(i).toFloatArray();
                double actualWave = 0;
                double actualAbs = 0;
                for (int k = 0; k < t.length; k++) {
                    assertTrue(Float.isFinite(t[k]), "tensor " + i + " [" + k + "] is " + t[k]);
                    actualWave += t[k] * Math.sin(0.1 * k);
                    actualAbs += Math.abs(t[k]);
                }
                assertEquals(absSum, actualAbs, RELATIVE_TOLERANCE * absSum, "Σ|t| of tensor " + i);
                assertEquals(wave, actualWave, RELATIVE_TOLERANCE * absSum, "Σ t sin(0.1k) of tensor " + i);
            }
        }
    }

    private static Block child(Block parent, String name) {
        return parent.getChildren().stream().filter(c -> NetworkBlock.childName(c.getKey()).equals(name))
                .findFirst().orElseThrow().getValue();
    }

    /** upstream's fill rule: {@code amp · sin(0.7k + 0.01 Σ chars(name))}, {@code amp = 1/√(numel / shape[0])}. */
    private static void fill(String upstreamName, Parameter p) {
        NDArray array = p.getArray();
        long[] shape = array.getShape().getShape();
        int n = Math.toIntExact(array.size());
        double phase = 0.01 * upstreamName.chars().sum();
        double amp = 1.0 / Math.sqrt(Math.max(1, n / shape[0]));
        float[] values = new float[n];
        for (int k = 0; k < n; k++) {
            values[k] = (float) (amp * Math.sin(0.7 * k + phase));
        }
        array.set(FloatBuffer.wrap(values));
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> out) {
        for (Pair<String, Parameter> p : block.getDirectParameters()) {
            String name = switch (p.getKey()) {
                case "gamma" -> "weight";
                case "beta" -> "bias";
                default -> p.getKey();
            };
            out.put(prefix + name, p.getValue());
        }
        for (Pair<String, Block> child : block.getChildren()) {
            collect(child.getValue(), prefix + upstreamSegment(NetworkBlock.childName(child.getKey())) + ".", out);
        }
    }

    private static final Pattern DENSE_DOWN = Pattern.compile("down_for_dense(\\d+)_(\\d+)");
    private static final Pattern DENSE_SAMPLE = Pattern.compile("sample_for_dense(\\d+)_(\\d+)");
    private static final Pattern INDEXED = Pattern.compile("([a-z_]*[a-z])(\\d+)");

    /**
     * Our child name to upstream's module path: {@code d_conv2 → d_conv.2}, {@code block1 → building_blocks.1};
     * our dense down-samplings are numbered by the stage that reads them (2..n), upstream's from 0.
     */
    private static String upstreamSegment(String name) {
        Matcher m = DENSE_DOWN.matcher(name);
        if (m.matches()) {
            return "down_for_dense." + (Integer.parseInt(m.group(1)) - 2) + "." + m.group(2);
        }
        m = DENSE_SAMPLE.matcher(name);
        if (m.matches()) {
            return "sample_for_dense." + m.group(1) + "." + m.group(2);
        }
        m = INDEXED.matcher(name);
        if (m.matches()) {
            return (m.group(1).equals("block") ? "building_blocks" : m.group(1)) + "." + m.group(2);
        }
        return name;
    }
}
