package dev.flemme4j.modelzoo.onnx;

/** A block that can write itself into an ONNX graph as the same computation it runs in DJL (inference mode). */
public interface OnnxExportable {
    /**
     * Appends this block's nodes.
     *
     * @param graph the graph under construction
     * @param input name of the value this block consumes
     * @return name of the value this block produces
     */
    String exportOnnx(OnnxGraphBuilder graph, String input);
}
