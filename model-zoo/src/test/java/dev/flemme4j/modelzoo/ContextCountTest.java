package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parameter counts of Base features (time-step embedding, condition embedding) against upstream Flemme.
 *
 * <p>Expected counts come from {@code src/test/resources/upstream/context_counts.py}, which builds the same
 * model sections with upstream HEAD 86abf06 on Debian's torch 1.13
 * ({@code FLEMME_REF=/tmp/flemme-ref /usr/bin/python3 context_counts.py}; setup as in {@link ParameterCountTest})
 * and prints {@code sum(p.numel() for p in create_model(cfg).parameters())} and the output shape of
 * {@code forward(x, t, c)}, which was (2, 1, 64, 64) for every case here. The encoder is always the 64² one:
 * in/out 1, patch_channel 32, patch_size 2, down [64, 128], middle [256, 256].
 */
class ContextCountTest {

    @ParameterizedTest(name = "{0} -> {5}")
    @CsvSource(delimiter = '|', value = {
        "unet-single-time128        | Base | time_channel: 128 | UNet | single;batch | 4487969",
        "unet-double-time64-gate    | Base | time_channel: 64;time_injection: gate | UNet | double;group | 6692097",
        "unet-res-time128-bias      | Base | time_channel: 128;time_injection: bias;time_activation: relu | UNet | res;batch | 6891617",
        "cnn-single-time128         | Base | time_channel: 128 | CNN | single;batch | 4446817",
        "cnn-dense-time32           | Base | time_channel: 32 | CNN | single;batch;dense_channels: [64] | 4130209",
        "unet-res-time16-numblocks3 | Base | time_channel: 16 | UNet | res;group;num_blocks: 3;final_channels: [16] | 8681073",
        "sem-unet-time128           | SeM  | time_channel: 128 | UNet | single;batch | 4487969",
        "cond-onehot-injection      | Base | time_channel: 128;condition_embedding: {combine_condition: injection, encoder: {name: OneHot, num_classes: 10, out_channel: 64}} | UNet | single;batch | 4692705",
        "cond-onehot-add-to-time    | Base | time_channel: 128;condition_embedding: {combine_condition: injection, condition_injection: add_to_time, encoder: {name: OneHot, num_classes: 10, out_channel: 128}} | UNet | res;batch | 7102913",
        "cond-merge-2024-spelling   | Base | time_channel: 128;condition_embedding: {merge_timestep_and_condition: true, encoder: {name: OneHot, num_classes: 10, out_channel: 128}} | UNet | res;batch | 7102913",
        "cond-position-cat-to-time  | Base | time_channel: 64;condition_embedding: {combine_condition: injection, condition_injection: cat_to_time, encoder: {name: Position, out_channel: 32}, decoder: same_as_encoder} | UNet | double;batch | 6894145",
        "cond-onehot-gate-first     | Base | time_channel: 64;condition_embedding: {combine_condition: injection, condition_injection: gate, condition_first: true, encoder: {name: OneHot, num_classes: 2, out_channel: 32}, decoder: same_as_encoder} | UNet | single;batch | 4324097",
        "cond-identity-cat          | Base | time_channel: 64;condition_embedding: {combine_condition: cat, encoder: {name: Identity, out_channel: 2}} | UNet | single;batch | 4272801",
        "cond-onehot-add            | SeM  | condition_embedding: {combine_condition: add, encoder: {name: OneHot, num_classes: 5, out_channel: 1, activation: silu}, decoder: {name: OneHot, num_classes: 5, out_channel: 256}} | UNet | single;batch | 4098162",
        "cond-onehot-injection-both | Base | time_channel: 32;condition_embedding: {combine_condition: injection, condition_injection: bias, encoder: {name: OneHot, num_classes: 4, out_channel: 48}, decoder: {name: OneHot, num_classes: 4, out_channel: 48}} | CNN | res;batch | 6811041",
        "cond-cnn-encoder-cat       | Base | time_channel: 32;condition_embedding: {combine_condition: cat, encoder: {name: CNN, image_size: [64, 64], in_channel: 3, out_channel: 3, patch_channel: 8, down_channels: [16], middle_channels: [16], dense_channels: [8]}} | UNet | single;batch | 4217169",
        "hsem-onehot-injection      | HSeM | condition_embedding: {combine_condition: injection, encoder: {name: OneHot, num_classes: 10, out_channel: 64}, decoder: same_as_encoder} | UNet | single;batch | 5836809",
        "hae-identity-cat           | HAE  | condition_embedding: {combine_condition: cat, encoder: {name: Identity, out_channel: 2}} | UNet | res;group | 8239017",
        "hsem-onehot-add            | HSeM | condition_embedding: {combine_condition: add, encoder: {name: OneHot, num_classes: 5, out_channel: 1}, decoder: {name: OneHot, num_classes: 5, out_channel: 256}} | CNN | single;batch | 5624826",
    })
    void countsAndShapesMatchUpstream(String name, String architecture, String modelLines, String encoder, String encoderLines,
            long expected) {
        String[] enc = encoderLines.split(";");
        StringBuilder extra = new StringBuilder();
        for (int i = 2; i < enc.length; i++) {
            extra.append(enc[i]).append('\n');
        }
        String yaml = "model:\n  name: " + architecture + "\n" + TestConfigs.indent(modelLines.replace(';', '\n')).replaceAll("(?m)^  ", "")
                + """
                  encoder:
                    name: %s
                    image_size: [64, 64]
                    in_channel: 1
                    out_channel: 1
                    patch_channel: 32
                    patch_size: 2
                    down_channels: [64, 128]
                    middle_channels: [256, 256]
                    building_block: %s
                    normalization: %s
                """.formatted(encoder, enc[0], enc[1]) + TestConfigs.indent(extra.toString());
        ModelSpec spec = ModelSpecs.parseBuildable(TestConfigs.modelSection(yaml));
        Engine.getInstance().setRandomSeed(3);
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(expected, model.parameterCount(), name + "\n" + model.summary());
            NDList inputs = new NDList();
            for (String input : model.inputNames()) {
                NDArray a = input.equals(ModelSpec.TIME_STEP) ? manager.create(new float[] {3f, 500f})
                        : manager.randomNormal(model.inputShape(input, 2));
                inputs.add(a);
            }
            assertArrayEquals(new long[] {2, 1, 64, 64}, model.predict(inputs).getShape().getShape());
        }
    }

    /**
     * ClM (upstream OnlyEncoder): {@code condition_embedding} is the embedding itself plus {@code combine_condition}.
     * Counts and output shape (2, 10) from the same context_counts.py (cases clm-*).
     */
    @ParameterizedTest(name = "{0} -> {3}")
    @CsvSource(delimiter = '|', value = {
        "clm-onehot-cat            | {name: OneHot, num_classes: 4, out_channel: 2, combine_condition: cat} | single;batch | 3142780",
        "clm-onehot-injection-gate | {name: OneHot, num_classes: 4, out_channel: 32, combine_condition: injection, condition_injection: gate} | res;group | 5376122",
    })
    void classificationCountsMatchUpstream(String name, String condition, String encoderLines, long expected) {
        String[] enc = encoderLines.split(";");
        String yaml = """
                model:
                  name: ClM
                  condition_embedding: %s
                  encoder:
                    name: CNN
                    image_size: [64, 64]
                    in_channel: 1
                    out_channel: 10
                    patch_channel: 32
                    patch_size: 2
                    down_channels: [64, 128]
                    middle_channels: [256, 256]
                    building_block: %s
                    normalization: %s
                    dense_channels: [64]
                """.formatted(condition, enc[0], enc[1]);
        ModelSpec spec = ModelSpecs.parseBuildable(TestConfigs.modelSection(yaml));
        Engine.getInstance().setRandomSeed(4);
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(expected, model.parameterCount(), name + "\n" + model.summary());
            NDList inputs = new NDList(manager.randomNormal(model.inputShape(2)), manager.randomNormal(model.inputShape("c", 2)));
            assertArrayEquals(new long[] {2, 10}, model.predict(inputs).getShape().getShape());
        }
    }
}
