package org.siplims.launcher.status;

/** Bytes downloaded so far and in total, summed over all layers of the image being pulled. */
public record PullProgress(long bytesDone, long bytesTotal) {
    /** Whole percent done, 0 when the total is not known yet. */
    public int percent() {
        return bytesTotal <= 0 ? 0 : (int) Math.min(100, bytesDone * 100 / bytesTotal);
    }
}
