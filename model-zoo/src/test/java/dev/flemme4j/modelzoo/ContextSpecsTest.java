package dev.flemme4j.modelzoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.modelzoo.config.context.CombineCondition;
import dev.flemme4j.modelzoo.config.context.InjectionKind;
import dev.flemme4j.protocol.config.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing of Base's time-step and condition keys, and of Base itself (pure Java, no engine). */
class ContextSpecsTest {
    private static final String ENCODER = "encoder: {name: UNet, image_size: 32, in_channel: 1, down_channels: [16, 32], middle_channels: [64]}";

    private static ModelSpec buildable(String modelFields) {
        return ModelSpecs.parseBuildable(TestConfigs.modelSection("model: {" + modelFields + ", " + ENCODER + "}"));
    }

    @Test
    void baseBuildsButIsNotTrainable() {
        ModelSpec base = buildable("name: Base, time_channel: 64, condition_embedding: {combine_condition: injection,"
                + " encoder: {name: OneHot, num_classes: 10, out_channel: 32}}");
        assertEquals("Base", base.name());
        assertEquals(List.of("input", "t", "c"), base.inputNames());
        assertEquals(List.of(4L), java.util.Arrays.stream(base.inputShape("t", 4)).boxed().toList());
        assertEquals(List.of(4L, 10L), java.util.Arrays.stream(base.inputShape("c", 4)).boxed().toList());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ModelSpecs.parse(TestConfigs.modelSection("model: {name: Base, " + ENCODER + "}")));
        assertEquals("model.name", e.path());
        assertTrue(e.reason().contains("not trainable on its own"), e.getMessage());
        ConfigException byDefault = assertThrows(ConfigException.class,
                () -> ModelSpecs.parse(TestConfigs.modelSection("model: {" + ENCODER + "}")));
        assertEquals("model.name", byDefault.path());
        assertTrue(byDefault.reason().contains("the default when name is missing"), byDefault.getMessage());
    }

    /**
     * The seed's SDIM example spells {@code merge_timestep_and_context}, which Flemme never reads: it builds as written,
     * the key changes nothing (the same model as without it) and the job state gets a warning naming it.
     */
    @Test
    void theSeedsUnreadSpellingBuildsAsWrittenWithAWarning() {
        String condition = "condition_embedding: {combine_condition: cat, %s encoder: {name: Identity, out_channel: 1}}";
        var section = TestConfigs.modelSection("model: {name: Base, time_channel: 32, "
                + condition.formatted("merge_timestep_and_context: false,") + ", " + ENCODER + "}");
        ModelSpec spelled = ModelSpecs.parseBuildable(section);
        ModelSpec plain = buildable("name: Base, time_channel: 32, " + condition.formatted(""));
        assertEquals(plain, spelled);
        assertTrue(section.warnings().stream().anyMatch(w -> w.startsWith("model.condition_embedding.merge_timestep_and_context: ")
                && w.contains("never reads")), section.warnings().toString());
    }

    @Test
    void semTakesNoTimeStepButItsConditionAndTheTwoSpellingsAgree() {
        ModelSpec sem = buildable("name: SeM, time_channel: 32, condition_embedding: {combine_condition: injection,"
                + " condition_injection: add_to_time, encoder: {name: OneHot, num_classes: 3, out_channel: 32}}");
        // upstream's SeM.forward(x, c) never passes t: the time layers are built (and counted) but unused
        assertEquals(List.of("input", "c"), sem.inputNames());
        ModelSpec merged = buildable("name: SeM, time_channel: 32, condition_embedding: {merge_timestep_and_condition: true,"
                + " encoder: {name: OneHot, num_classes: 3, out_channel: 32}}");
        assertEquals(sem.context(), merged.context());
        assertEquals(CombineCondition.INJECTION, merged.context().condition().combine());
        assertEquals(InjectionKind.ADD_TO_TIME, merged.context().condition().injection());
        ConfigException e = assertThrows(ConfigException.class, () -> ModelSpecs.parse(TestConfigs.modelSection(
                "model: {name: SeM, condition_embedding: {encoder: {name: OneHot, num_classes: 3, out_channel: 1}}, " + ENCODER + "}")));
        assertEquals("model.condition_embedding", e.path());
        assertTrue(e.reason().contains("datasets carry no conditions"), e.getMessage());
        assertEquals(List.of("input"), ModelSpecs.parse(TestConfigs.modelSection(
                "model: {name: SeM, time_channel: 32, " + ENCODER + "}")).inputNames());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "time channel not /8          | name: Base, time_channel: 100 | model.time_channel | multiple of 8 of at least 16",
        "time channel too small       | name: Base, time_channel: 8 | model.time_channel | multiple of 8 of at least 16",
        "cross attention later        | name: Base, time_channel: 32, time_injection: cross_atten | model.time_injection | known to Flemme but not supported yet",
        "unknown injection            | name: Base, time_channel: 32, time_injection: gate_bais | model.time_injection | did you mean 'gate_bias'?",
        "both spellings               | name: Base, time_channel: 32, condition_embedding: {merge_timestep_and_condition: true, combine_condition: injection, encoder: {name: OneHot, num_classes: 3, out_channel: 32}} | model.condition_embedding.merge_timestep_and_condition | (model.condition_embedding.combine_condition) are two spellings",
        "both spellings, injection    | name: Base, time_channel: 32, condition_embedding: {merge_timestep_and_condition: true, condition_injection: add_to_time, encoder: {name: OneHot, num_classes: 3, out_channel: 32}} | model.condition_embedding.merge_timestep_and_condition | model.condition_embedding.condition_injection",
        "merge without time           | name: Base, condition_embedding: {merge_timestep_and_condition: true, encoder: {name: OneHot, num_classes: 3, out_channel: 32}} | model.condition_embedding.merge_timestep_and_condition | model.time_channel is 0",
        "add_to_time width            | name: Base, time_channel: 32, condition_embedding: {combine_condition: injection, condition_injection: add_to_time, encoder: {name: OneHot, num_classes: 3, out_channel: 16}} | model.condition_embedding.encoder.out_channel | needs model.time_channel (32) channels",
        "cat_to_time without decoder  | name: Base, time_channel: 32, condition_embedding: {combine_condition: injection, condition_injection: cat_to_time, encoder: {name: OneHot, num_classes: 3, out_channel: 16}} | model.condition_embedding.decoder | same_as_encoder",
        "cat_to_time in SeM           | name: SeM, time_channel: 32, condition_embedding: {combine_condition: injection, condition_injection: cat_to_time, encoder: {name: OneHot, num_classes: 3, out_channel: 16}, decoder: same_as_encoder} | model.condition_embedding.condition_injection | only Base does",
        "decoder cat on a map latent  | name: Base, condition_embedding: {combine_condition: cat, decoder: {name: OneHot, num_classes: 3, out_channel: 8}} | model.condition_embedding.decoder | only through a vector latent",
        "add needs in_channel         | name: Base, condition_embedding: {combine_condition: add, encoder: {name: OneHot, num_classes: 3, out_channel: 8}} | model.condition_embedding.encoder.out_channel | in_channel of model.encoder (1)",
        "add to latent width          | name: Base, condition_embedding: {combine_condition: add, decoder: {name: OneHot, num_classes: 3, out_channel: 8}} | model.condition_embedding.decoder.out_channel | latent channels (64)",
        "decoder-only injection       | name: Base, condition_embedding: {combine_condition: injection, decoder: {name: OneHot, num_classes: 3, out_channel: 8}} | model.condition_embedding.decoder | ignores an injected condition for the decoder alone",
        "injection widths differ      | name: Base, condition_embedding: {combine_condition: injection, encoder: {name: OneHot, num_classes: 3, out_channel: 8}, decoder: {name: OneHot, num_classes: 3, out_channel: 16}} | model.condition_embedding.decoder.out_channel | width 8",
        "different condition shapes   | name: Base, condition_embedding: {combine_condition: add, encoder: {name: Identity, out_channel: 1}, decoder: {name: OneHot, num_classes: 5, out_channel: 64}} | model.condition_embedding.decoder | expects c of shape (B, 5) where the encoder embedding expects (B, 1, 32, 32)",
        "injection of a map           | name: Base, condition_embedding: {combine_condition: injection, encoder: {name: CNN, image_size: 32, in_channel: 1, down_channels: [16]}} | model.condition_embedding.encoder | must be a vector",
        "unknown embedding            | name: Base, condition_embedding: {encoder: {name: OneHott, num_classes: 3, out_channel: 1}} | model.condition_embedding.encoder.name | did you mean 'OneHot'?",
        "one-hot needs classes        | name: Base, condition_embedding: {encoder: {name: OneHot, out_channel: 1}} | model.condition_embedding.encoder.num_classes | is required",
        "embedding needs out_channel  | name: Base, condition_embedding: {encoder: {name: Identity}} | model.condition_embedding.encoder.out_channel | is required",
        "embedding unknown key        | name: Base, condition_embedding: {encoder: {name: OneHot, num_classes: 3, out_channel: 1, num_class: 3}} | model.condition_embedding.encoder.num_class | unknown key",
        "sinusoid width               | name: Base, condition_embedding: {combine_condition: injection, encoder: {name: Position, out_channel: 12}} | model.condition_embedding.encoder.out_channel | multiple of 8",
        "no embedder                  | name: Base, condition_embedding: {combine_condition: add} | model.condition_embedding | names no embedding",
        "injection key without effect | name: Base, condition_embedding: {combine_condition: cat, condition_injection: gate, encoder: {name: Identity, out_channel: 1}} | model.condition_embedding.condition_injection | only applies with combine_condition: injection",
        "same_as_encoder alone        | name: Base, condition_embedding: {decoder: same_as_encoder} | model.condition_embedding.decoder | needs condition_embedding.encoder",
        "time in HSeM                 | name: HSeM, time_channel: 32 | model.time_channel | time embedding in HSeM is not supported yet",
        "injected condition in VAE    | name: VAE, condition_embedding: {combine_condition: injection, encoder: {name: OneHot, num_classes: 3, out_channel: 8}} | model.condition_embedding.combine_condition | VAE is not supported yet",
    })
    void errorsNameTheirPath(String caseName, String modelFields, String path, String fragment) {
        String model = modelFields.startsWith("name: VAE") || modelFields.startsWith("name: HSeM")
                ? modelFields + ", " + ENCODER.replace("UNet", modelFields.startsWith("name: VAE") ? "CNN" : "UNet")
                : modelFields + ", " + ENCODER;
        ConfigException e = assertThrows(ConfigException.class,
                () -> ModelSpecs.parseBuildable(TestConfigs.modelSection("model: {" + model + "}")), caseName);
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(e.reason().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "Base layout in ClM | {encoder: {name: OneHot, num_classes: 3, out_channel: 1}} | model.condition_embedding.encoder | is the embedding itself",
        "ClM add width      | {name: OneHot, num_classes: 3, out_channel: 2} | model.condition_embedding.out_channel | in_channel of model.encoder (1)",
        "ClM no name        | {combine_condition: cat} | model.condition_embedding.name | ",
    })
    void classificationConditionErrorsNameTheirPath(String caseName, String condition, String path, String fragment) {
        String yaml = "model: {name: ClM, condition_embedding: " + condition + ", encoder: {name: CNN, image_size: 32,"
                + " in_channel: 1, out_channel: 3, down_channels: [16], dense_channels: [8]}}";
        ConfigException e = assertThrows(ConfigException.class,
                () -> ModelSpecs.parseBuildable(TestConfigs.modelSection(yaml)), caseName);
        assertEquals(path, e.path(), e.getMessage());
        assertTrue(fragment == null || e.reason().contains(fragment), "'" + e.getMessage() + "' should contain '" + fragment + "'");
    }
}
