package io.draftnrun.application.knowledge;

import io.draftnrun.application.knowledge.port.SourceRepository;
import io.draftnrun.domain.knowledge.Source;
import io.draftnrun.domain.knowledge.SourceId;
import io.draftnrun.domain.organization.Actor;
import io.draftnrun.domain.organization.OrganizationId;
import io.draftnrun.domain.organization.Right;
import io.draftnrun.domain.shared.DomainException;

/**
 * Authorization of the knowledge slice: a non-member gets NOT_FOUND (ids of other organizations reveal nothing), a
 * member without the right FORBIDDEN.
 */
final class KnowledgeAccess {
    private KnowledgeAccess() {}

    static void require(Actor actor, OrganizationId organization, Right right, String what) {
        actor.require(organization, right, what);
    }

    static Source source(SourceRepository sources, Actor actor, SourceId id, Right right) {
        Source source = sources.find(id).orElseThrow(() -> DomainException.notFound("source " + id));
        require(actor, source.organizationId(), right, "source " + id);
        return source;
    }
}
