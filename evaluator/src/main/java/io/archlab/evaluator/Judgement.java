package io.archlab.evaluator;

/**
 * Whether a candidate is a discovery: it must be one against its parent and against the best
 * baseline ({@link Significance#judge(Sample, Sample, Sample)}).
 *
 * @param vsParent   the verdict against its parent, or null when it has none
 * @param vsBaseline the verdict against the best baseline
 */
public record Judgement(Discovery vsParent, Discovery vsBaseline) {

    public Judgement {
        if (vsBaseline == null) {
            throw new IllegalArgumentException("a judgement needs the verdict against the best baseline");
        }
    }

    public boolean isDiscovery() {
        return vsBaseline.isDiscovery() && (vsParent == null || vsParent.isDiscovery());
    }

    /** One line: the verdicts against the parent (if any) and the baseline. */
    public String reason() {
        String head = isDiscovery() ? "discovery" : "not a discovery";
        return vsParent == null
                ? head + " — vs baseline: " + vsBaseline.reason()
                : head + " — vs parent: " + vsParent.reason() + "; vs baseline: " + vsBaseline.reason();
    }
}
