package dev.flemme4j.modelzoo.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.flemme4j.modelzoo.FlemmeModel;
import dev.flemme4j.modelzoo.ModelFactory;
import dev.flemme4j.modelzoo.ModelSpecs;
import dev.flemme4j.modelzoo.OnnxExport;
import dev.flemme4j.modelzoo.architecture.LatentDiffusionNetwork;
import dev.flemme4j.protocol.config.YamlDocument;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The latent objective: with a frozen auto-encoder the loss is the diffusion loss on the VAE's mean latent (compared
 * with a plain {@link DiffusionObjective} fed that latent under the same draws) and no gradient reaches the
 * auto-encoder; unfrozen, the auto-encoder's own losses are added and it receives gradients. The exported decoder
 * graph equals the DJL decoder.
 */
class LatentDiffusionObjectiveTest {
    private static String yaml(boolean frozen) {
        return """
                model:
                  name: LDIM
                  num_steps: 100
                  num_sample_steps: 10
                  freezed_ae: %s
                  ae_model:
                    name: VAE
                    encoder: {name: CNN, image_size: [16, 16], in_channel: 1, out_channel: 1, patch_channel: 8,
                              patch_size: 2, down_channels: [8], middle_channels: [4], building_block: single, normalization: batch}
                    reconstruction_losses: [{name: MSE}]
                    distribution_loss: {name: KL, weight: 0.01}
                  eps_model:
                    time_channel: 16
                    encoder: {name: UNet, image_size: [4, 4], in_channel: 4, out_channel: 4, patch_size: 1,
                              down_channels: [8, 8], middle_channels: [16], normalization: group, num_norm_groups: 4}
                """.formatted(frozen);
    }

    private static FlemmeModel build(boolean frozen) {
        Engine.getInstance().setRandomSeed(21);
        return ModelFactory.create(ModelSpecs.parse(YamlDocument.parse(yaml(frozen)).requireNode("model")), Device.cpu());
    }

    @Test
    void frozenLossIsTheDiffusionLossOnTheMeanLatentAndLeavesTheAutoencoderAlone() throws Exception {
        try (FlemmeModel model = build(true); NDManager m = model.djlModel().getNDManager().newSubManager()) {
            LatentDiffusionModelSpec spec = (LatentDiffusionModelSpec) model.spec();
            LatentDiffusionNetwork net = (LatentDiffusionNetwork) model.block();
            net.autoencoder().freezeParameters(true);
            NDArray x = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(4, 1, 16, 16));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray z = net.codec().encodeLatent(ps, x, false);
            assertEquals(new ai.djl.ndarray.types.Shape(4, 4, 4, 4), z.getShape());

            Engine.getInstance().setRandomSeed(5);
            float expected = new DiffusionObjective(spec.diffusion(), 9).loss(z, null, in -> model.predict(in)).getFloat();
            LatentDiffusionObjective objective = new LatentDiffusionObjective(spec, 9);
            Engine.getInstance().setRandomSeed(5);
            float got = objective.loss(net, x, null, false, in -> model.predict(in)).getFloat();
            assertEquals(expected, got, 1e-6f);
            assertEquals(Map.of("MSE", got).keySet(), objective.lastTerms().keySet());

            DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            float[] aeBefore = firstAutoencoderWeight(net);
            float[] epsBefore = firstEpsWeight(net);
            try (Trainer trainer = model.djlModel().newTrainer(config)) {
                try (NDManager step = trainer.getManager().newSubManager(); GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray loss = objective.loss(net, x.duplicate(), null, true, in -> trainer.forward(in).head());
                    gc.backward(loss);
                }
                trainer.step();
            }
            assertEquals(java.util.Arrays.toString(aeBefore), java.util.Arrays.toString(firstAutoencoderWeight(net)),
                    "a frozen auto-encoder changed");
            assertTrue(!java.util.Arrays.equals(epsBefore, firstEpsWeight(net)), "the eps-model did not train");
        }
    }

    @Test
    void unfrozenLossAddsTheAutoencoderLossesAndTrainsIt() throws Exception {
        try (FlemmeModel model = build(false); NDManager m = model.djlModel().getNDManager().newSubManager()) {
            LatentDiffusionModelSpec spec = (LatentDiffusionModelSpec) model.spec();
            LatentDiffusionNetwork net = (LatentDiffusionNetwork) model.block();
            LatentDiffusionObjective objective = new LatentDiffusionObjective(spec, 9);
            NDArray x = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(4, 1, 16, 16));
            DefaultTrainingConfig config = new DefaultTrainingConfig(model.trainingLoss())
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-2f)).build())
                    .optDevices(new Device[] {Device.cpu()});
            float[] aeBefore = firstAutoencoderWeight(net);
            try (Trainer trainer = model.djlModel().newTrainer(config)) {
                try (GradientCollector gc = trainer.newGradientCollector()) {
                    NDArray loss = objective.loss(net, x, null, true, in -> trainer.forward(in).head());
                    float total = loss.getFloat();
                    Map<String, Float> terms = objective.lastTerms();
                    assertTrue(terms.containsKey("KL") && terms.size() >= 2, terms.toString());
                    float sum = 0;
                    for (float v : terms.values()) {
                        sum += v;
                    }
                    // eps MSE and the VAE's recon MSE share a label: the terms still add up to the total
                    assertEquals(total, sum, 1e-4f * Math.max(1, Math.abs(total)));
                    gc.backward(loss);
                }
                trainer.step();
            }
            assertTrue(!java.util.Arrays.equals(aeBefore, firstAutoencoderWeight(net)), "the auto-encoder did not train");
        }
    }

    @Test
    void exportedDecoderEqualsTheDjlDecoder() throws Exception {
        try (FlemmeModel model = build(true); NDManager m = model.djlModel().getNDManager().newSubManager()) {
            LatentDiffusionNetwork net = (LatentDiffusionNetwork) model.block();
            NDArray x = m.randomUniform(0, 1, new ai.djl.ndarray.types.Shape(2, 1, 16, 16));
            // the VAE's inference forward decodes its mean: the decoder graph fed that mean must agree
            NDList ae = net.autoencoder().forward(new ParameterStore(m, false), new NDList(x), false);
            float[] z = ae.get(1).toFloatArray();
            float[] djl = ae.get(0).toFloatArray();
            try (OrtSession s = OrtEnvironment.getEnvironment().createSession(OnnxExport.latentDecoderBytes(model),
                    new OrtSession.SessionOptions());
                    OnnxTensor in = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), FloatBuffer.wrap(z),
                            new long[] {2, 4, 4, 4});
                    OrtSession.Result r = s.run(Map.of(OnnxExport.LATENT, in))) {
                FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] ort = new float[fb.remaining()];
                fb.get(ort);
                assertEquals(djl.length, ort.length);
                double max = 0;
                for (int i = 0; i < ort.length; i++) {
                    max = Math.max(max, Math.abs(ort[i] - djl[i]));
                }
                assertTrue(max <= 1e-4, "max |ORT - DJL| = " + max);
            }
        }
    }

    private static float[] firstAutoencoderWeight(LatentDiffusionNetwork net) {
        return firstWeight(net.autoencoder());
    }

    private static float[] firstEpsWeight(LatentDiffusionNetwork net) {
        return firstWeight(net.epsModel());
    }

    private static float[] firstWeight(ai.djl.nn.Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getKey().endsWith("weight") && p.getValue().getArray().getShape().dimension() > 1) {
                return p.getValue().getArray().toFloatArray();
            }
        }
        throw new AssertionError("no weight");
    }
}
