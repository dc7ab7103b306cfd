package io.draftnrun.application.knowledge;

import java.util.Objects;

/** A job received from the queue: the queue's id of the message, the job, how many times it was delivered (1 = first). */
public record JobDelivery(String id, IngestionJob job, long deliveryCount) {
    public JobDelivery {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(job, "job");
    }
}
