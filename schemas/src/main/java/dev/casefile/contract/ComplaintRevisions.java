package dev.casefile.contract;

import dev.casefile.schema.LinkedComplaint;

/**
 * When a complaint is written again: only when it changed materially (in anything but its revision),
 * and then with its revision one higher. So a replayed or repeated input writes nothing, and a reader
 * of {@code linked-complaints} sees each revision once.
 */
public final class ComplaintRevisions {

    private ComplaintRevisions() {
    }

    /** Whether two views differ in anything but their revision (two nulls are the same). */
    public static boolean sameMaterial(LinkedComplaint a, LinkedComplaint b) {
        if (a == null || b == null) {
            return a == b;
        }
        return withRevision(a, 0).equals(withRevision(b, 0));
    }

    /** The newly assembled complaint with the revision after {@code previous}'s (1 if none). */
    public static LinkedComplaint revise(LinkedComplaint assembled, LinkedComplaint previous) {
        return withRevision(assembled, previous == null ? 1 : previous.getRevision() + 1);
    }

    /** {@code complaint} with its revision set to {@code revision}. */
    public static LinkedComplaint withRevision(LinkedComplaint complaint, long revision) {
        return LinkedComplaint.newBuilder(complaint).setRevision(revision).build();
    }
}
