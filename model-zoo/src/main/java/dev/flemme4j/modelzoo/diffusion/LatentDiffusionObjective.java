package dev.flemme4j.modelzoo.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;
import dev.flemme4j.modelzoo.Architectures;
import dev.flemme4j.modelzoo.VariationalModelSpec;
import dev.flemme4j.modelzoo.architecture.LatentDiffusionNetwork;
import dev.flemme4j.modelzoo.loss.WeightedLossSum;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * One training step's loss of latent diffusion (LDM, LDPM, LDIM): the data is encoded to the auto-encoder's latent
 * ({@link dev.flemme4j.modelzoo.architecture.LatentCodec#encodeLatent}: a VAE's mean) and the wrapped
 * {@link DiffusionObjective} denoises that latent.
 * <ul>
 *   <li>{@code freezed_ae: true}: the auto-encoder runs in inference mode (BatchNorm on its running statistics)
 *       and its latent is detached, so no gradient reaches it; the loss is the diffusion's alone.</li>
 *   <li>{@code freezed_ae: false}: the auto-encoder trains too, as upstream: its own losses (reconstruction, and a
 *       VAE's KL) on its training forward pass are added, and the diffusion loss flows back through the latent.</li>
 * </ul>
 */
public final class LatentDiffusionObjective {
    private final LatentDiffusionModelSpec spec;
    private final DiffusionObjective diffusion;
    private final WeightedLossSum autoencoderLoss;
    private Map<String, Float> lastTerms = Map.of();

    /** @param seed seeds the diffusion's time steps and condition-dropout coin */
    public LatentDiffusionObjective(LatentDiffusionModelSpec spec, long seed) {
        this.spec = spec;
        this.diffusion = new DiffusionObjective(spec.diffusion(), seed);
        this.autoencoderLoss = spec.frozen() ? null : Architectures.of(spec.autoencoder()).build(spec.autoencoder()).loss();
    }

    /**
     * @param network  the built latent diffusion network (its auto-encoder encodes {@code x})
     * @param x        a batch of data {@code (B, *data)}
     * @param c        the eps-model's condition, or null
     * @param training whether this is a training step (a trainable auto-encoder then runs in training mode)
     * @param eps      the eps-model's forward on {@code [z_t, t(, c)]}
     */
    public NDArray loss(LatentDiffusionNetwork network, NDArray x, NDArray c, boolean training,
            Function<NDList, NDArray> eps) {
        ParameterStore ps = new ParameterStore(x.getManager(), false);
        Map<String, Float> terms = new LinkedHashMap<>();
        NDArray total;
        if (autoencoderLoss == null) {
            NDArray z = network.codec().encodeLatent(ps, x, false).stopGradient();
            total = diffusion.loss(z, c, eps);
            terms.putAll(diffusion.lastTerms());
        } else {
            NDList ae = network.autoencoder().forward(ps, new NDList(x), training);
            // a VAE's training pass returns [recon, mean, logvar]: diffuse that mean rather than encoding twice
            NDArray z = spec.autoencoder() instanceof VariationalModelSpec ? ae.get(1)
                    : network.codec().encodeLatent(ps, x, training);
            total = diffusion.loss(z, c, eps);
            terms.putAll(diffusion.lastTerms());
            total = total.add(autoencoderLoss.evaluate(new NDList(x), ae));
            autoencoderLoss.lastLossTerms().forEach((k, v) -> terms.merge(k, v, Float::sum));
        }
        lastTerms = Map.copyOf(terms);
        return total;
    }

    /** Weighted loss terms of the last {@link #loss} call (the diffusion's, then the auto-encoder's), by name. */
    public Map<String, Float> lastTerms() {
        return lastTerms;
    }
}
