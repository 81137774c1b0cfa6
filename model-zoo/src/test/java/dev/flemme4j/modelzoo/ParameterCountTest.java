package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parameter counts and output shapes against upstream Flemme.
 *
 * <p>Expected counts were measured on upstream HEAD 86abf06 with Debian's python3-torch 1.13
 * ({@code /usr/bin/python3}; transformer/mamba/point-cloud switched off in flemme/config.py, a stub SimpleITK
 * module): {@code sum(p.numel() for p in create_model(cfg).parameters())} for a SeM config with
 * {@code segmentation_losses [Dice, BCEL]}, patch_channel 32, patch_size 2, down_channels [64, 128],
 * middle_channels [256, 256] and the columns below; the output shapes were checked there too.
 */
class ParameterCountTest {

    @ParameterizedTest(name = "{0} {1} in={2} out={3} {4} {5} {6} -> {7}")
    @CsvSource(delimiter = '|', value = {
        "UNet | [64, 64]     | 1 | 1 | single | batch    |                                          | 4064257",
        "UNet | [64, 64]     | 1 | 1 | single | group    |                                          | 4064257",
        "UNet | [64, 64]     | 3 | 2 | double | group    |                                          | 6586018",
        "UNet | [64, 64]     | 1 | 1 | res    | batch    |                                          | 6670177",
        "UNet | [32, 32, 32] | 1 | 1 | single | batch    |                                          | 13804033",
        "CNN  | [64, 64]     | 1 | 1 | single | batch    |                                          | 4023105",
        "UNet | [64, 64]     | 1 | 1 | single | layer    | dsample_function: max_pooling;depthwise: true | 1520417",
        "UNet | [64, 64]     | 1 | 1 | single | instance | final_channels: [32];num_blocks: 3       | 5017217",
    })
    void countsAndShapesMatchUpstream(String encoder, String imageSize, int in, int out, String block, String norm,
            String extra, long expected) {
        check(encoder, imageSize, in, out, block, norm, extra, expected, "patch_channel: 32", "down_channels: [64, 128]",
                "middle_channels: [256, 256]");
    }

    /**
     * Attention (down/middle/up/final_attens, num_heads, d_k, qkv_bias, qk_scale), measured the same way with
     * SeM, patch_channel 8, down_channels [16, 32], middle_channels [64], in/out 1, segmentation_losses [Dice]
     * (the losses carry no parameters); upstream's forward pass gave the same output shapes. Also
     * channel_attention (eca, eca-ns) and abs_pos_embedding.
     */
    @ParameterizedTest(name = "{0} {1} {4} {6} -> {7}")
    @CsvSource(delimiter = '|', value = {
        "UNet | [16, 16]  | 1 | 1 | single | group | down_attens: [atten, 2xfft_atten];middle_attens: atten;up_attens: [fft_atten, null];final_channels: [8];final_attens: [2xatten] | 228113",
        "UNet | [16, 16]  | 1 | 1 | res    | group | down_attens: atten;num_heads: 2;d_k: 8;qkv_bias: false;qk_scale: 0.5 | 279641",
        "CNN  | [8, 8, 8] | 1 | 1 | double | group | num_blocks: 1;middle_attens: [atten];up_attens: [atten, null];num_heads: 3 | 769392",
        "UNet | [16, 16]  | 1 | 1 | single | group | channel_attention: eca | 182824",
        "UNet | [16, 16]  | 1 | 1 | single | group | channel_attention: {method: eca-ns, kernal_size: 5};abs_pos_embedding: true | 184121",
        "CNN  | [8, 8, 8] | 1 | 1 | single | group | channel_attention: {method: eca, kernel_size: 5};final_channels: [8];abs_pos_embedding: true | 643903",
        "CNN  | [16, 16]  | 1 | 1 | single | group | channel_attention: eca-ns;final_channels: [8] | 181145",
    })
    void attentionCountsMatchUpstream(String encoder, String imageSize, int in, int out, String block, String norm,
            String extra, long expected) {
        check(encoder, imageSize, in, out, block, norm, extra, expected, "patch_channel: 8", "down_channels: [16, 32]",
                "middle_channels: [64]");
    }

    private static void check(String encoder, String imageSize, int in, int out, String block, String norm,
            String extra, long expected, String patch, String down, String middle) {
        String yaml = """
                model:
                  name: SeM
                  segmentation_losses: [{name: Dice}, {name: BCEL}]
                  encoder:
                    name: %s
                    image_size: %s
                    in_channel: %d
                    out_channel: %d
                    %s
                    patch_size: 2
                    %s
                    %s
                    building_block: %s
                    normalization: %s
                """.formatted(encoder, imageSize, in, out, patch, down, middle, block, norm)
                + (extra == null ? "" : TestConfigs.indent(extra.replace(';', '\n')));
        ModelSpec spec = TestConfigs.spec(yaml);
        try (FlemmeModel model = ModelFactory.create(spec, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            assertEquals(expected, model.parameterCount(), model.summary());
            NDArray x = manager.randomNormal(model.inputShape(2));
            NDArray y = model.predict(x);
            long[] expectedShape = model.inputShape(2).getShape().clone();
            expectedShape[1] = out;
            assertArrayEquals(expectedShape, y.getShape().getShape());
            assertEquals(new Shape(expectedShape), model.block().getOutputShapes(new Shape[] {model.inputShape(2)})[0]);
        }
    }
}
