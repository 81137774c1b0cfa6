package dev.flemme4j.protocol.spec;

import static dev.flemme4j.protocol.registry.KeyType.ANY;
import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.NUMBER;
import static dev.flemme4j.protocol.registry.KeyType.STRING;

import dev.flemme4j.protocol.registry.Component;
import dev.flemme4j.protocol.registry.ComponentKind;
import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;
import java.util.ArrayList;
import java.util.List;

/**
 * The declared top-level keys of a job (Flemme's train config plus flemme4j's {@code job:} block), with Flemme's
 * trainer defaults. Keys Flemme reads that do not apply to a streamed run are declared without effect: a job that
 * sets them gets a warning.
 */
public final class JobKeys {
    private static final String NO_EFFECT_YET = "accepted for Flemme compatibility, no effect in flemme4j yet";

    public static final KeySet ROOT = KeySet.of(rootKeys());

    /** The job modes: flemme4j runs {@code mode: train} configs. */
    public static final ComponentKind<Component<TrainJobSpec>> KIND = new ComponentKind<Component<TrainJobSpec>>("job",
            "mode", "top-level keys of a job (mode: train)")
            .register(Component.of("train", "a training job", ROOT, TrainJobSpec::parseBound))
            .later("test");

    private JobKeys() {
    }

    private static List<Key> rootKeys() {
        List<Key> keys = new ArrayList<>(List.of(
                Key.of("mode", NAME, "train", "flemme4j runs training configs only"),
                Key.required("model", MAPPING, "the model section (see the model kinds)"),
                Key.required("loader", MAPPING, "the training data: dataset, transforms, batch_size").withSection(LoaderKeys.LOADER),
                Key.of("val_loader", MAPPING, null, "the validation data (the loader's keys)").withSection(LoaderKeys.LOADER),
                Key.of("val_split_ratio", NUMBER, "0.0", "share of the training data held out for validation, in [0, 1)"),
                Key.of("val_split_seed", INT, "0", "seed of that split"),
                Key.of("split_files", MAPPING, null, "{train, val}: text files naming the samples of each split")
                        .withSection(LoaderKeys.SPLIT_FILES),
                Key.required("optimizer", MAPPING, "the optimizer"),
                Key.of("lr_scheduler", MAPPING, null, "the learning-rate scheduler"),
                Key.of("max_epoch", INT, "1000", "epochs to train"),
                Key.of("max_steps", INT, "inf", "optimizer steps to train at most"),
                Key.of("warmup_epochs", INT, "0", "epochs of linear learning-rate warm-up"),
                Key.of("warmup_start_scale", NUMBER, "0.05", "learning-rate scale at the start of the warm-up"),
                Key.of("clip_grad", NUMBER, "0.0", "gradient-norm clipping; 0 = none"),
                Key.of("rand_seed", INT, null, "seed of parameter initialisation and shuffling"),
                Key.of("device", STRING, "auto", "auto, cpu or cuda:N"),
                Key.of("evaluation_metrics", MAPPING, null, "validation metrics per group (seg, cls, recon)"),
                Key.of("score_metric", MAPPING, null, "{name, higher_is_better}: keeps the best checkpoint"),
                Key.of("min_score_delta", NUMBER, "1e-8", "improvement needed for a new best score"),
                Key.of("save_after_epochs", INT, "1", "checkpoint every N epochs"),
                Key.of("job", MAPPING, null, "flemme4j's own block (its keys below)").withSection(JobOptions.KEYS),
                Key.of("warmup_epoch", INT, null, "the docs' spelling of warmup_epochs")
                        .withoutEffect("Flemme's trainer reads 'warmup_epochs'; this key has no effect (as in Flemme)")));
        for (String k : List.of("pretrained", "pretrained_components", "ignore_mismatched_keys", "resume")) {
            keys.add(Key.of(k, ANY, "false", "not supported yet: only false"));
        }
        for (String k : List.of("write_after_iters", "check_point_dir", "write_sample_num", "custom_write_results",
                "eval_batch_num", "determinstic", "detect_anomaly", "early_stop_patience", "min_loss_delta", "sampler",
                "pickle_results", "pickle_path", "use_tensorboard")) {
            keys.add(Key.of(k, ANY, null, "Flemme trainer option").withoutEffect(NO_EFFECT_YET));
        }
        return keys;
    }
}
