/**
 * A Flemme model from its YAML: the model specs (diffusion ones in {@code modelzoo.diffusion}), the factory that builds a {@link FlemmeModel} from them, its summary, and ONNX export of the whole model.
 */
package dev.flemme4j.modelzoo;
