package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.config.Activation;
import dev.flemme4j.modelzoo.config.BuildingBlockKind;
import dev.flemme4j.modelzoo.config.Normalization;
import dev.flemme4j.modelzoo.config.encoder.ImageEncoderSpec;
import dev.flemme4j.modelzoo.config.loss.DiceNormalization;
import dev.flemme4j.modelzoo.config.loss.LossKind;
import dev.flemme4j.protocol.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing the model section: upstream defaults, and errors that name the YAML path. No engine needed. */
class ModelSpecsTest {

    @Test
    void referenceConfigGetsUpstreamDefaults() {
        SegmentationModelSpec spec = (SegmentationModelSpec) TestConfigs.spec(TestConfigs.semUNet(""));
        ImageEncoderSpec e = spec.encoder();
        assertEquals(List.of(64, 64), e.imageSize());
        assertEquals(List.of(128, 64), e.upChannels());
        assertEquals(List.of(2, 2), e.shapeScaling());
        assertEquals(List.of(), e.finalChannels());
        assertEquals(BuildingBlockKind.SINGLE, e.buildingBlock());
        assertEquals(Normalization.GROUP, e.normalization());
        assertEquals(8, e.numNormGroups());
        assertEquals(Activation.RELU, e.activation());
        assertEquals(2, e.numBlocks());
        assertEquals(3, e.kernelSize());
        assertEquals(List.of(LossKind.DICE, LossKind.BCE_WITH_LOGITS), spec.losses().stream().map(l -> l.kind()).toList());
        assertEquals(DiceNormalization.SIGMOID, spec.losses().get(0).diceNormalization());
        assertEquals(List.of("seg_logits"), spec.outputNames());
        assertEquals(List.of(1L, 1L, 64L, 64L), java.util.Arrays.stream(spec.inputShape(1)).boxed().toList());
    }

    @Test
    void defaultsForOmittedKeys() {
        SegmentationModelSpec spec = (SegmentationModelSpec) TestConfigs.spec("""
                model:
                  name: SeM
                  segmentation_losses: {name: Dice, normalization: softmax, weight: 0.5}
                  encoder: {name: UNet, image_size: 32, in_channel: 3, down_channels: [16, 32], middle_channels: [64],
                            building_block: conv, shape_scaling: [2, 2]}
                """);
        assertEquals(3, spec.encoder().outChannel(), "out_channel defaults to in_channel");
        assertEquals(List.of(32, 32), spec.encoder().imageSize(), "an int image_size is a square 2D image");
        assertEquals(32, spec.encoder().patchChannel());
        assertEquals(0.5, spec.losses().get(0).weight());
        assertEquals(DiceNormalization.SOFTMAX, spec.losses().get(0).diceNormalization());
    }

    @Test
    void segmentationLossesDefaultToDice() {
        String yaml = TestConfigs.semUNet("").replace("  segmentation_losses:\n    - name: Dice\n    - name: BCEL\n", "");
        SegmentationModelSpec spec = (SegmentationModelSpec) TestConfigs.spec(yaml);
        assertEquals(List.of(LossKind.DICE), spec.losses().stream().map(l -> l.kind()).toList());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // case                         | yaml edit (old => new)                          | path                               | message fragment
        "unknown encoder key            | building_block: single => down_chanels: [1]     | model.encoder.down_chanels          | did you mean 'down_channels'?",
        "unknown model name             | name: SeM => name: SegM                         | model.name                          | unknown model 'SegM'; did you mean 'SeM'?",
        "model not yet supported        | name: SeM => name: HBase                        | model.name                          | not supported yet in flemme4j",
        "VAE rejects U-shaped encoders  | name: SeM => name: VAE                          | model.encoder.name                  | VAE needs a decoder without skip connections",
        "ClM needs a vector latent      | name: SeM => name: ClM                          | model.encoder.name                  | ClM needs a vector latent",
        "Base is not trainable          | name: SeM => name: Base                         | model.name                          | not trainable on its own",
        "unknown encoder name           | name: UNet => name: UNett                       | model.encoder.name                  | did you mean 'UNet'?",
        "encoder not yet supported      | name: UNet => name: VMamba                      | model.encoder.name                  | not supported yet in flemme4j",
        "PointTrans not yet supported   | name: UNet => name: PointTrans                  | model.encoder.name                  | not supported yet in flemme4j",
        "image size not divisible       | image_size: [64, 64] => image_size: [60, 64]    | model.encoder.image_size            | 60 is not divisible by patch_size × shape_scaling^depth = 2 × 2^2 = 8",
        "image size wrong type          | image_size: [64, 64] => image_size: big         | model.encoder.image_size            | expected an integer but found 'big'",
        "image size 4D                  | image_size: [64, 64] => image_size: [8, 8, 8, 8] | model.encoder.image_size           | must have 2 or 3 entries",
        "channels wrong type            | in_channel: 1 => in_channel: [1]                | model.encoder.in_channel            | expected an integer but found a list",
        "UNet middle rule               | middle_channels: [256, 256] => middle_channels: [256, 128] | model.encoder.middle_channels | middle_channels[-1] == 2 × down_channels[-1] = 256",
        "UNet needs two down stages     | down_channels: [64, 128] => down_channels: [64] | model.encoder.down_channels         | at least 2 down-sampling stages",
        "UNet rejects dense layers      | building_block: single => dense_channels: [32]  | model.encoder.dense_channels        | does not support dense layers",
        "bad building block             | building_block: single => building_block: swin  | model.encoder.building_block        | supported: single",
        "bad normalization              | building_block: single => normalization: btach  | model.encoder.normalization         | did you mean 'batch'?",
        "attention list too short       | building_block: single => down_attens: [atten]  | model.encoder.down_attens           | has 1 entries but there are 2 stages",
        "attention unknown kind         | building_block: single => middle_attens: [null, attn] | model.encoder.middle_attens[1] | unknown attention",
        "attention bad repetition       | building_block: single => up_attens: 0xatten     | model.encoder.up_attens             | repetition count must be positive",
        "attention not an int count     | building_block: single => up_attens: [twoxatten, null] | model.encoder.up_attens[0]    | with an integer N",
        "attention wrong type           | building_block: single => final_attens: 3        | model.encoder.final_attens          | expected null",
        "fft attention in 3D            | image_size: [64, 64] => image_size: [16, 16, 16]\\n    middle_attens: fft_atten | model.encoder.middle_attens | fft_atten works on 2D images only",
        "fft attention odd width        | image_size: [64, 64] => image_size: [64, 56]\\n    middle_attens: fft_atten | model.encoder.middle_attens | an even width at that stage",
        "num_heads zero                 | building_block: single => num_heads: 0           | model.encoder.num_heads             | must be a positive integer",
        "atten_dropout range            | building_block: single => atten_dropout: 1.5     | model.encoder.atten_dropout         | must be in [0, 1)",
        "channel attention ca           | building_block: single => channel_attention: ca  | model.encoder.channel_attention     | is not supported yet in flemme4j: upstream",
        "channel attention unknown      | building_block: single => channel_attention: {method: eco} | model.encoder.channel_attention.method | unknown channel attention",
        "channel attention even kernel  | building_block: single => channel_attention: {method: eca, kernel_size: 4} | model.encoder.channel_attention.kernel_size | odd positive integer",
        "eca-ns kernel spelling         | building_block: single => channel_attention: {method: eca-ns, kernel_size: 5} | model.encoder.channel_attention.kernel_size | kernal_size",
        "abs_pos_embedding type         | building_block: single => abs_pos_embedding: maybe| model.encoder.abs_pos_embedding     | expected true or false",
        "unknown loss                   | name: BCEL => name: Focal                       | model.segmentation_losses[1].name   | unknown loss 'Focal'",
        "unknown loss key               | name: BCEL => name: BCEL, wieght: 2             | model.segmentation_losses[1].wieght | did you mean 'weight'?",
        "groups do not divide           | building_block: single => num_norm_groups: 12   | model.encoder.num_norm_groups       | divisible by 12 groups",
        "time channel in the encoder    | building_block: single => time_channel: 128     | model.encoder.time_channel          | is set by the model, not the encoder",
        "missing in_channel             | in_channel: 1 => in_chanel: 1                   | model.encoder.in_channel            | is required",
        "shape_scaling length           | building_block: single => shape_scaling: [2]    | model.encoder.shape_scaling         | has 1 entries but there are 2 down-sampling stages",
    })
    void errorsNameTheirPath(String caseName, String edit, String path, String fragment) {
        String[] parts = edit.split("=>");
        String from = parts[0].trim();
        String to = parts[1].trim().replace("\\n", "\n");
        String yaml = TestConfigs.semUNet("");
        if (from.equals("name: BCEL")) {
            yaml = yaml.replace("- name: BCEL", "- {" + to + "}");
        } else {
            assertTrue(yaml.contains(from), "test edit does not apply: " + from);
            yaml = yaml.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
        }
        String finalYaml = yaml;
        ConfigException e = assertThrows(ConfigException.class, () -> TestConfigs.spec(finalYaml), caseName);
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.reason().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // case                          | model yaml                                                                                                      | path                                   | message fragment
        "both spellings of patch_size     | {name: SeM, encoder: {name: UNet, image_size: 32, in_channel: 1, down_channels: [16, 32], middle_channels: [64], proj_scaling: 2, patch_size: 2}} | model.encoder.proj_scaling | 'proj_scaling' and 'patch_size' are two spellings of the same key (model.encoder.patch_size)",
        "both spellings, new first        | {name: SeM, encoder: {name: UNet, image_size: 32, in_channel: 1, down_channels: [16, 32], middle_channels: [64], dense_channels: [8], fc_channels: [8]}} | model.encoder.fc_channels | 'fc_channels' and 'dense_channels' are two spellings",
        "both spellings of is_supervised  | {name: AE, is_supervised: true, is_supervising: true, encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16]}} | model.is_supervising | two spellings of the same key",
        "unsupervised AE out != in        | {name: AE, encoder: {name: CNN, image_size: 32, in_channel: 2, out_channel: 1, down_channels: [16]}}              | model.encoder.out_channel | must equal in_channel (2)",
        "VAE list distribution loss       | {name: VAE, distribution_loss: [{name: KL}], encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16]}} | model.distribution_loss | expected one mapping",
        "VAE wrong distribution loss      | {name: VAE, distribution_loss: {name: MSE}, encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16]}} | model.distribution_loss.name | unknown distribution loss 'MSE'",
        "KL in a reconstruction list      | {name: AE, reconstruction_losses: [{name: KL}], encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16]}} | model.reconstruction_losses[0].name | not supported yet",
        "SSIM channel mismatch            | {name: AE, reconstruction_losses: {name: SSIM}, encoder: {name: CNN, image_size: 32, in_channel: 3, down_channels: [16]}} | model.reconstruction_losses.image_channel | SSIM compares 3-channel predictions",
        "SSIM even window                 | {name: AE, reconstruction_losses: {name: SSIM, window_size: 4}, encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16]}} | model.reconstruction_losses.window_size | positive odd integer",
        "ClM without dense layers         | {name: ClM, encoder: {name: CNN, image_size: 32, in_channel: 1, out_channel: 4, down_channels: [16]}}             | model.encoder.dense_channels | ClM needs a vector latent",
        "vector_embedding without dense   | {name: AE, encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16], vector_embedding: true}}      | model.encoder.vector_embedding | only with dense layers",
        "decoder dense without dense      | {name: AE, encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16], decoder_dense_channels: [8]}} | model.encoder.decoder_dense_channels | needs dense_channels",
        "HSeM with dense layers           | {name: HSeM, encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16], middle_channels: [32], dense_channels: [8]}} | model.encoder.dense_channels | remove dense_channels",
        "HSeM feature groups              | {name: HSeM, encoder: {name: UNet, image_size: 32, in_channel: 1, down_channels: [8, 16], middle_channels: [32]}} | model.encoder.down_channels | in 16 groups",
        "HSeM fft combine                 | {name: HSeM, apply_fft: true, encoder: {name: UNet, image_size: 32, in_channel: 1, down_channels: [16, 32], middle_channels: [64]}} | model.apply_fft | not supported yet",
        "HAE broken upstream switch       | {name: HAE, final_feature_extraction: false, encoder: {name: UNet, image_size: 32, in_channel: 1, down_channels: [16, 32], middle_channels: [64]}} | model.final_feature_extraction | broken upstream",
        "HSeM bad combine                 | {name: HSeM, combine: mul, encoder: {name: UNet, image_size: 32, in_channel: 1, down_channels: [16, 32], middle_channels: [64]}} | model.combine | allowed: cat, add",
        "dense with instance norm         | {name: AE, encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16], dense_channels: [8], normalization: instance}} | model.encoder.normalization | instance normalisation of dense layers",
    })
    void newArchitectureErrorsNameTheirPath(String caseName, String model, String path, String fragment) {
        ConfigException e = assertThrows(ConfigException.class, () -> TestConfigs.spec("model: " + model), caseName);
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.reason().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    @Test
    void oldKeySpellingsAreAccepted() {
        ModelSpec spec = TestConfigs.spec("""
                model:
                  name: AE
                  is_supervising: true
                  encoder: {name: CNN, image_size: 32, in_channel: 2, out_channel: 1, proj_channel: 8, proj_scaling: 4,
                            down_channels: [16], fc_channels: [32], decode_fc_channels: [24, 8], num_group: 4, num_block: 1}
                """);
        AutoEncoderModelSpec ae = (AutoEncoderModelSpec) spec;
        assertTrue(ae.supervised());
        assertEquals(LossTarget.LABEL, ae.lossTarget());
        assertEquals(8, ae.encoder().patchChannel());
        assertEquals(4, ae.encoder().patchSize());
        assertEquals(List.of(32), ae.encoder().denseChannels());
        assertEquals(List.of(24, 8), ae.encoder().decoderDenseChannels());
        assertEquals(4, ae.encoder().numNormGroups());
        assertEquals(1, ae.encoder().numBlocks());
    }

    @Test
    void tasksOutputsAndTargets() {
        String enc = "encoder: {name: CNN, image_size: 32, in_channel: 1, out_channel: 1, down_channels: [16], middle_channels: [32]";
        ModelSpec ae = TestConfigs.spec("model: {name: AE, " + enc + "}}");
        assertEquals(ModelTask.RECONSTRUCT, ae.task());
        assertEquals(LossTarget.INPUT, ae.lossTarget());
        assertEquals(List.of("recon"), ae.outputNames());
        ModelSpec clm = TestConfigs.spec("model: {name: ClM, " + enc.replace("out_channel: 1", "out_channel: 5") + ", dense_channels: [16]}}");
        assertEquals(ModelTask.CLASSIFY, clm.task());
        assertEquals(List.of("cls_logits"), clm.outputNames());
        assertEquals(List.of(3L, 5L), java.util.Arrays.stream(clm.outputShape(3)).boxed().toList());
        ModelSpec hsem = TestConfigs.spec("model: {name: HSeM, " + enc + "}}");
        assertEquals(ModelTask.SEGMENT, hsem.task());
        assertEquals(List.of("seg_logits", "hierarchical_logits"), hsem.outputNames());
        VariationalModelSpec vae = (VariationalModelSpec) TestConfigs.spec("model: {name: VAE, distribution_loss: {name: KL, weight: 0.01}, " + enc + "}}");
        assertEquals(0.01, vae.distributionLoss().weight());
        assertEquals(List.of(LossKind.MSE), vae.losses().stream().map(l -> l.kind()).toList());
    }
}
