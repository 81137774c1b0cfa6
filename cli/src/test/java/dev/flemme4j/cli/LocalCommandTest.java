package dev.flemme4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lines of `flemme local`'s summaries that scripts and MainJobIT read. */
class LocalCommandTest {

    @Test
    void validationMetricsAreRoundedAndInNameOrderWhateverTheMapsOrder() {
        Map<String, Double> m = Map.of("mIoU", 0.9850769730481878, "ACC", 0.9980224609375, "Dice", 0.9924527106684599,
                "val_loss", 0.018544970080256462);
        assertEquals("ACC 0.9980, Dice 0.9925, mIoU 0.9851, val_loss 0.0185", LocalCommand.metricsText(m));
        assertEquals("none", LocalCommand.metricsText(Map.of()));
    }

    @Test
    void startUpRowsLineTheirValuesUp() {
        assertEquals("kafka       127.0.0.1:9092", LocalCommand.row("kafka", "127.0.0.1:9092"));
        assertEquals("coordinator http://127.0.0.1:8080/v1/jobs", LocalCommand.row("coordinator", "http://127.0.0.1:8080/v1/jobs"));
    }
}
