package dev.flemme4j.cli.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ShapesDatasetWriterTest {

    @Test
    void fileNamesSortInSampleOrder() {
        assertEquals("0000.png", ShapesDatasetWriter.fileName(0, 400));
        assertEquals("0399.png", ShapesDatasetWriter.fileName(399, 400));
        assertEquals("00042.png", ShapesDatasetWriter.fileName(42, 10_001));
    }
}
