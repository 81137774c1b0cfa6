package dev.flemme4j.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.protocol.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The KafkaStream dataset's keys: a legal user topic, max_steps required, no file keys, no validation split. */
class KafkaStreamSpecTest {
    private static String job(String dataset, String loaderExtra, String extra) {
        return "mode: train\nmodel: {name: SeM}\nloader:\n  dataset: " + dataset + "\n  batch_size: 4\n" + loaderExtra
                + "optimizer: {name: Adam, lr: 0.001}\n" + extra;
    }

    private static ConfigException rejected(String yaml) {
        return assertThrows(ConfigException.class, () -> TrainJobSpec.parse(yaml));
    }

    @Test
    void streamNamesItsTopicAndEndsAtMaxSteps() {
        TrainJobSpec s = TrainJobSpec.parse(job("{name: KafkaStream, topic: my.samples_1}", "", "max_steps: 50\n"));
        DatasetSpec ds = s.loader().dataset();
        assertTrue(ds.isStream());
        assertEquals("my.samples_1", ds.streamTopic());
        assertEquals(50, s.maxSteps());
        assertFalse(s.loader().shuffle(), "a stream is trained in arrival order unless asked");
        assertEquals(null, DatasetSpec.parse(dev.flemme4j.protocol.config.YamlDocument.parse(
                "name: ImgSegDataset\ndata_path: d\n")).streamTopic());
    }

    @Test
    void maxStepsIsRequiredAndPositive() {
        ConfigException e = rejected(job("{name: KafkaStream, topic: t}", "", ""));
        assertEquals("max_steps", e.path());
        assertTrue(e.reason().contains("KafkaStream"), e.reason());
        assertEquals("max_steps", rejected(job("{name: KafkaStream, topic: t}", "", "max_steps: 0\n")).path());
    }

    @Test
    void topicMustBeLegalAndNotInternal() {
        assertEquals("loader.dataset.topic", rejected(job("{name: KafkaStream}", "", "max_steps: 5\n")).path());
        ConfigException illegal = rejected(job("{name: KafkaStream, topic: 'a b/c'}", "", "max_steps: 5\n"));
        assertEquals("loader.dataset.topic", illegal.path());
        assertTrue(illegal.reason().contains("not a legal Kafka topic name"), illegal.reason());
        for (String internal : new String[] {"flemme.jobs", "flemme.data.x.train", "flemme_events"}) {
            ConfigException e = rejected(job("{name: KafkaStream, topic: " + internal + "}", "", "max_steps: 5\n"));
            assertEquals("loader.dataset.topic", e.path(), internal);
            assertTrue(e.reason().contains("internal"), e.reason());
        }
        assertEquals("loader.dataset.data_path", rejected(job("{name: KafkaStream, topic: t, data_path: d}", "",
                "max_steps: 5\n")).path(), "a stream has no folder");
    }

    @Test
    void fileKeysAndValidationSplitsAreRefused() {
        assertEquals("loader.data_transforms", rejected(job("{name: KafkaStream, topic: t}",
                "  data_transforms: [{name: ToTensor}]\n", "max_steps: 5\n")).path());
        assertEquals("val_split_ratio", rejected(job("{name: KafkaStream, topic: t}", "",
                "max_steps: 5\nval_split_ratio: 0.2\n")).path());
    }
}
