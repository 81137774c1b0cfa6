package dev.flemme4j.modelzoo.diffusion;

import ai.djl.ndarray.types.Shape;
import dev.flemme4j.modelzoo.Architecture.Assembly;
import dev.flemme4j.modelzoo.Architecture;
import dev.flemme4j.modelzoo.Architectures;
import dev.flemme4j.modelzoo.ModelSpec;
import dev.flemme4j.modelzoo.architecture.EncoderDecoderNetwork;
import dev.flemme4j.modelzoo.architecture.LatentDiffusionNetwork;
import dev.flemme4j.modelzoo.loss.WeightedLossSum;
import dev.flemme4j.protocol.registry.ComponentKind;
import java.util.List;

/**
 * The diffusion entries of {@link Architectures}: DDPM, DDIM and EDM, latent diffusion (LDM; the 2024 LDPM/LDIM)
 * and supervised diffusion (SDM; the 2024 SDPM/SDIM). Each network is the eps-model (LDM: beside its
 * auto-encoder); the loss is the {@code eps_loss} the {@link dev.flemme4j.modelzoo.diffusion.DiffusionObjective}
 * evaluates.
 */
public final class DiffusionArchitectures {
    private DiffusionArchitectures() {
    }

    public static void register(ComponentKind<Architecture<?>> kind) {
        for (String process : DiffusionSpecParser.PROCESSES) {
            kind.register(Architecture.of(process, doc(process), DiffusionKeys.process(process), DiffusionModelSpec.class,
                    m -> DiffusionSpecParser.parseDiffusion(m, process), DiffusionArchitectures::assemble));
        }
        kind.register(Architecture.of("LDM", "latent diffusion: a DDPM/DDIM/EDM on the latent of an AE or VAE", DiffusionKeys.LDM,
                LatentDiffusionModelSpec.class, m -> DiffusionSpecParser.parseLatent(m, "LDM"), DiffusionArchitectures::assemble));
        kind.register(Architecture.of("SDM", "supervised diffusion: denoises the target conditioned on the input image",
                DiffusionKeys.SDM, SupervisedDiffusionModelSpec.class, m -> DiffusionSpecParser.parseSupervised(m, "SDM"),
                DiffusionArchitectures::assemble));
        for (String old : List.of("LDPM", "LDIM")) {
            kind.register(Architecture.of(old, "2024 latent diffusion (" + old + ", now LDM)", DiffusionKeys.latent2024(process(old)),
                    LatentDiffusionModelSpec.class, m -> DiffusionSpecParser.parseLatent(m, old), DiffusionArchitectures::assemble));
        }
        for (String old : List.of("SDPM", "SDIM")) {
            kind.register(Architecture.of(old, "2024 supervised diffusion (" + old + ", now SDM)",
                    DiffusionKeys.supervised2024(process(old)), SupervisedDiffusionModelSpec.class,
                    m -> DiffusionSpecParser.parseSupervised(m, old), DiffusionArchitectures::assemble));
        }
    }

    private static String process(String old) {
        return old.endsWith("PM") ? "DDPM" : "DDIM";
    }

    private static String doc(String process) {
        return switch (process) {
            case "DDPM" -> "denoising diffusion: a Base eps-model, ancestral sampling";
            case "DDIM" -> "DDPM trained alike, sampled on a step grid with eta";
            default -> "Karras EDM: preconditioned denoiser, Heun sampler";
        };
    }

    private static Assembly assemble(DiffusionModelSpec s) {
        return new Assembly(eps(s), new WeightedLossSum(List.of(s.epsLoss()), s.lossReduction()));
    }

    private static Assembly assemble(SupervisedDiffusionModelSpec s) {
        return assemble(s.diffusion());
    }

    private static Assembly assemble(LatentDiffusionModelSpec s) {
        ModelSpec ae = s.autoencoder();
        return new Assembly(new LatentDiffusionNetwork(Architectures.of(ae).build(ae).network(), new Shape(ae.inputShape(1)),
                eps(s.diffusion())), assemble(s.diffusion()).loss());
    }

    private static EncoderDecoderNetwork eps(DiffusionModelSpec s) {
        return new EncoderDecoderNetwork("Base", s.epsModel().encoder(), s.epsModel().context());
    }
}
