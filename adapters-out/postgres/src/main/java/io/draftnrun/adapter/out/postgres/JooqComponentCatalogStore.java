package io.draftnrun.adapter.out.postgres;

import static io.draftnrun.adapter.out.postgres.jooq.backend.Tables.COMPONENTS;

import io.draftnrun.application.component.port.ComponentCatalogStore;
import io.draftnrun.domain.component.ComponentDefinition;
import io.draftnrun.domain.component.ParameterDefinition;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** Writes the code's component catalog to the {@code components} table, upserting by id in one transaction. */
public final class JooqComponentCatalogStore implements ComponentCatalogStore {
    private final DSLContext dsl;

    public JooqComponentCatalogStore(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public void upsertAll(Collection<ComponentDefinition> definitions) {
        dsl.transaction(cfg -> {
            DSLContext tx = cfg.dsl();
            for (ComponentDefinition d : definitions) {
                var tool = d.defaultToolDescription()
                        .map(JooqProjectRepository::toolJson)
                        .orElse(null);
                var parameters = JooqProjectRepository.json(parameters(d.parameters()));
                tx.insertInto(COMPONENTS)
                        .set(COMPONENTS.ID, d.id().value())
                        .set(COMPONENTS.NAME, d.name())
                        .set(COMPONENTS.DESCRIPTION, d.description())
                        .set(COMPONENTS.IS_AGENT, d.isAgent())
                        .set(COMPONENTS.FUNCTION_CALLABLE, d.functionCallable())
                        .set(COMPONENTS.CAN_USE_FUNCTION_CALLING, d.canUseFunctionCalling())
                        .set(COMPONENTS.IS_PROTECTED, d.isProtected())
                        .set(COMPONENTS.RELEASE_STAGE, d.releaseStage().wireName())
                        .set(COMPONENTS.DEFAULT_TOOL_DESCRIPTION, tool)
                        .set(COMPONENTS.PARAMETERS, parameters)
                        .onConflict(COMPONENTS.ID)
                        .doUpdate()
                        .set(COMPONENTS.NAME, d.name())
                        .set(COMPONENTS.DESCRIPTION, d.description())
                        .set(COMPONENTS.IS_AGENT, d.isAgent())
                        .set(COMPONENTS.FUNCTION_CALLABLE, d.functionCallable())
                        .set(COMPONENTS.CAN_USE_FUNCTION_CALLING, d.canUseFunctionCalling())
                        .set(COMPONENTS.IS_PROTECTED, d.isProtected())
                        .set(COMPONENTS.RELEASE_STAGE, d.releaseStage().wireName())
                        .set(COMPONENTS.DEFAULT_TOOL_DESCRIPTION, tool)
                        .set(COMPONENTS.PARAMETERS, parameters)
                        .set(COMPONENTS.UPDATED_AT, DSL.currentOffsetDateTime())
                        .execute();
            }
        });
    }

    private static List<Map<String, Object>> parameters(List<ParameterDefinition> definitions) {
        return definitions.stream()
                .map(p -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", p.name());
                    m.put("type", p.type().wireName());
                    m.put("default", p.defaultValue().orElse(null));
                    m.put("nullable", p.nullable());
                    m.put("order", p.order().orElse(null));
                    m.put("ui_component", p.uiComponent().map(u -> u.wireName()).orElse(null));
                    m.put("ui_component_properties", p.uiProperties());
                    m.put("is_advanced", p.advanced());
                    m.put(
                            "allowed_children",
                            p.allowedChildren().stream().map(Object::toString).toList());
                    return m;
                })
                .toList();
    }
}
