package dev.flemme4j.protocol.spec;

import static dev.flemme4j.protocol.registry.KeyType.ANY;
import static dev.flemme4j.protocol.registry.KeyType.BOOL;
import static dev.flemme4j.protocol.registry.KeyType.INT;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING;
import static dev.flemme4j.protocol.registry.KeyType.MAPPING_LIST;
import static dev.flemme4j.protocol.registry.KeyType.NAME;
import static dev.flemme4j.protocol.registry.KeyType.STRING_LIST;

import dev.flemme4j.protocol.registry.Key;
import dev.flemme4j.protocol.registry.KeySet;

/**
 * The declared keys of a {@code loader} / {@code val_loader} section and of {@code split_files}, with Flemme's
 * defaults. PyTorch DataLoader tuning has no counterpart when samples stream from Kafka: declared, warned about.
 */
public final class LoaderKeys {
    private static final String STREAMED = "PyTorch DataLoader tuning; samples stream from Kafka, so no effect in flemme4j";

    public static final KeySet LOADER = KeySet.of(
            Key.of("mode", NAME, null, "the dataset's mode; default train for loader, val for val_loader (as Flemme's train script)"),
            Key.required("dataset", MAPPING, "the dataset: name, data_path and its keys (see the dataset kind)"),
            Key.of("data_path_list", STRING_LIST, null, "several dataset folders instead of dataset.data_path"),
            Key.of("data_suffix_list", STRING_LIST, null, "one data suffix per folder of data_path_list"),
            Key.of("label_suffix_list", STRING_LIST, null, "one label suffix per folder (segmentation datasets)"),
            Key.of("target_suffix_list", STRING_LIST, null, "one target suffix per folder (reconstruction datasets)"),
            Key.of("data_transforms", MAPPING_LIST, "[]", "transforms of the input (see the transforms kind)"),
            Key.of("label_transforms", MAPPING_LIST, "[]", "transforms of the label; geometry must match data_transforms"),
            Key.of("target_transforms", MAPPING_LIST, "[]", "transforms of the reconstruction target"),
            Key.of("class_label_transforms", MAPPING_LIST, "[]", "transforms of a class index (ToTensor, ToOneHot, Relabel)"),
            Key.of("batch_size", INT, "1", "samples per optimizer step (per replica with job.replicas)"),
            Key.of("shuffle", BOOL, null, "shuffle the samples each epoch; default true for loader, false for val_loader"),
            Key.of("drop_last", BOOL, "false", "drop an epoch's last incomplete batch"),
            Key.of("num_workers", INT, null, "DataLoader worker processes").withoutEffect(STREAMED),
            Key.of("pin_memory", BOOL, null, "DataLoader pinned memory").withoutEffect(STREAMED));

    public static final KeySet SPLIT_FILES = KeySet.of(
            Key.of("train", ANY, null, "a text file (or list of files) naming the training samples, one per line"),
            Key.of("val", ANY, null, "a text file (or list of files) naming the validation samples"),
            Key.of("test", ANY, null, "the test split of Flemme's test script")
                    .withoutEffect("used by Flemme's test script only; no effect on training"));

    private LoaderKeys() {
    }
}
