package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Models with a time step and/or a condition: the ONNX export (inputs input, t, c) run in ORT matches DJL within 1e-4. */
class ContextOnnxParityTest {
    private static final Logger LOG = LoggerFactory.getLogger(ContextOnnxParityTest.class);
    private static final double TOLERANCE = 1e-4;

    private static String model(String name, String modelLines, String encoderLines) {
        return "model:\n  name: " + name + "\n" + TestConfigs.indent(modelLines.replace(';', '\n')).replaceAll("(?m)^  ", "")
                + """
                  encoder:
                    image_size: [16, 16]
                    in_channel: 1
                    patch_channel: 8
                    down_channels: [16, 32]
                    middle_channels: [64]
                """ + TestConfigs.indent(encoderLines.replace(';', '\n'));
    }

    @Test
    void timeEmbeddedUNetHasNamedInputsAndMatches() throws Exception {
        Engine.getInstance().setRandomSeed(11);
        ModelSpec spec = ModelSpecs.parseBuildable(TestConfigs.modelSection(model("Base", "time_channel: 32",
                "name: UNet;building_block: res;normalization: group")));
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu())) {
            assertEquals(List.of("input", "t"), model.inputNames());
            byte[] onnx = OnnxExport.toBytes(model);
            try (OrtSession session = OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions())) {
                TensorInfo t = (TensorInfo) session.getInputInfo().get("t").getInfo();
                assertArrayEquals(new long[] {-1}, t.getShape());
                assertEquals("batch", t.getDimensionNames()[0]);
            }
            double diff = OnnxParityTest.maxAbsDiff(model, onnx, 3);
            LOG.info("time-embedded UNet: max |ORT - DJL| = {}", diff);
            assertTrue(diff <= TOLERANCE, "max |diff| " + diff);
        }
    }

    @Test
    void timeStepChangesTheOutput() {
        // guards the parity tests against a time input that is silently ignored by both sides
        Engine.getInstance().setRandomSeed(12);
        ModelSpec spec = ModelSpecs.parseBuildable(TestConfigs.modelSection(model("Base", "time_channel: 32",
                "name: UNet;normalization: group")));
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu());
                NDManager m = NDManager.newBaseManager(Device.cpu())) {
            var x = m.randomNormal(model.inputShape(1));
            var early = model.predict(new ai.djl.ndarray.NDList(x, m.create(new float[] {1f})));
            var late = model.predict(new ai.djl.ndarray.NDList(x, m.create(new float[] {900f})));
            var none = model.predict(x);
            assertTrue(early.sub(late).abs().max().getFloat() > 1e-4, "t had no effect");
            assertTrue(early.sub(none).abs().max().getFloat() > 1e-4, "t had no effect against none");
        }
    }

    /** One line per way a condition can enter; each with the encoder it is built on. */
    @ParameterizedTest
    @ValueSource(strings = {
        "Base|time_channel: 32;condition_embedding: {combine_condition: injection, encoder: {name: OneHot, num_classes: 10, out_channel: 24}}|name: UNet;normalization: group",
        "Base|time_channel: 32;condition_embedding: {merge_timestep_and_condition: true, encoder: {name: OneHot, num_classes: 3, out_channel: 32}, decoder: same_as_encoder}|name: UNet;building_block: double;normalization: batch",
        "Base|time_channel: 32;condition_embedding: {combine_condition: injection, condition_injection: cat_to_time, encoder: {name: Time, out_channel: 16}, decoder: same_as_encoder}|name: UNet;building_block: res;normalization: layer",
        "Base|time_channel: 16;time_injection: bias;condition_embedding: {combine_condition: injection, condition_injection: gate, condition_first: true, encoder: {name: Identity, out_channel: 6}, decoder: same_as_encoder}|name: CNN;normalization: instance",
        "Base|time_channel: 32;condition_embedding: {combine_condition: cat, encoder: {name: Identity, out_channel: 2}}|name: UNet;down_attens: [atten, null];normalization: group",
        "Base|condition_embedding: {combine_condition: cat, encoder: {name: OneHot, num_classes: 4, out_channel: 3}}|name: UNet;normalization: group",
        "SeM|condition_embedding: {combine_condition: add, encoder: {name: OneHot, num_classes: 5, out_channel: 1}, decoder: {name: OneHot, num_classes: 5, out_channel: 64}}|name: UNet;normalization: group",
        "AE|condition_embedding: {combine_condition: add, decoder: {name: OneHot, num_classes: 5, out_channel: 8}}|name: CNN;dense_channels: [8];normalization: group",
        "Base|time_channel: 16;condition_embedding: {combine_condition: cat, encoder: {name: CNN, image_size: [16, 16], in_channel: 2, patch_channel: 4, down_channels: [8], middle_channels: [8], dense_channels: [8]}}|name: UNet;normalization: group",
        "Base|time_channel: 32;time_injection: gate|name: UNet;middle_attens: atten;building_block: single;normalization: group",
        "AE|condition_embedding: {combine_condition: cat, encoder: {name: OneHot, num_classes: 4, out_channel: 2}, decoder: {name: OneHot, num_classes: 4, out_channel: 8}}|name: CNN;dense_channels: [16];normalization: batch",
        "VAE|condition_embedding: {combine_condition: cat, decoder: {name: Identity, out_channel: 5}}|name: CNN;dense_channels: [16, 24];normalization: group",
        "VAE|condition_embedding: {combine_condition: add, encoder: {name: OneHot, num_classes: 3, out_channel: 1}, decoder: {name: OneHot, num_classes: 3, out_channel: 64}}|name: CNN;building_block: res;normalization: group",
        "HSeM|condition_embedding: {combine_condition: injection, encoder: {name: OneHot, num_classes: 4, out_channel: 8}, decoder: same_as_encoder}|name: UNet;normalization: group",
        "HAE|condition_embedding: {combine_condition: cat, encoder: {name: Identity, out_channel: 2}}|name: CNN;normalization: group",
        "ClM|condition_embedding: {name: OneHot, num_classes: 4, out_channel: 2, combine_condition: cat}|name: CNN;out_channel: 10;dense_channels: [16];normalization: group",
        "ClM|condition_embedding: {name: OneHot, num_classes: 4, out_channel: 16, combine_condition: injection, condition_injection: bias}|name: CNN;out_channel: 3;dense_channels: [16];building_block: double;normalization: batch",
    })
    void conditionedModelsMatch(String line) throws Exception {
        String[] parts = line.split("\\|");
        Engine.getInstance().setRandomSeed(13);
        ModelSpec spec = ModelSpecs.parseBuildable(TestConfigs.modelSection(model(parts[0], parts[1], parts[2])));
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu())) {
            double diff = OnnxParityTest.maxAbsDiff(model, OnnxExport.toBytes(model), 2);
            LOG.info("{}: inputs {}, max |ORT - DJL| = {}", line, model.inputNames(), diff);
            assertTrue(diff <= TOLERANCE, "max |diff| " + diff);
        }
    }
}
