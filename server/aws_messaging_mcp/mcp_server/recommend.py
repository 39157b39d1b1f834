"""The `recommend_service` tool: which service fits a workload, and why.

Only the input and output models are imported here; the rules load on the
first call, inside the handler.
"""

from mcp.server.mcpserver import MCPServer

from aws_messaging_mcp.mcp_server.boundary import add_tools, tool_boundary
from aws_messaging_mcp.recommend.models import (
    BrokerFeaturesArg,
    CompetingArg,
    ConsumersArg,
    DelayArg,
    Description,
    DestinationsArg,
    ExactlyOnceArg,
    Flag,
    LatencyArg,
    MigratingArg,
    OrderingArg,
    PointToPointArg,
    ProtocolsArg,
    RecommendationResult,
    ReplayArg,
    RetentionArg,
    ScheduleArg,
    ServerlessArg,
    SizeArg,
    StatefulArg,
    ThroughputArg,
)

EXAMPLES: dict[str, list[dict[str, object]]] = {
    "recommend_service": [
        {
            "description": "When an order is placed, the inventory, shipping and "
            "analytics services each need a copy and process it with their own "
            "workers."
        },
        {"replay": True, "retention_days": 30, "consumers": 3, "ordering": "per-key"},
        {
            "description": "Nightly export job.",
            "schedule": "recurring",
            "destinations": ["step-functions"],
        },
        {"protocols": ["jms"], "replay": True},
    ]
}


@tool_boundary
def recommend_service(
    description: Description = None,
    ordering: OrderingArg = None,
    replay: ReplayArg = None,
    retention_days: RetentionArg = None,
    consumers: ConsumersArg = None,
    competing_consumers: CompetingArg = None,
    fan_out: Flag = None,
    throughput_per_second: ThroughputArg = None,
    message_size_kb: SizeArg = None,
    latency: LatencyArg = None,
    protocols: ProtocolsArg = None,
    exactly_once: ExactlyOnceArg = None,
    destinations: DestinationsArg = None,
    stateful_processing: StatefulArg = None,
    content_routing: Flag = None,
    cross_account: Flag = None,
    saas_sources: Flag = None,
    aws_service_events: Flag = None,
    schedule: ScheduleArg = None,
    delay_seconds: DelayArg = None,
    point_to_point: PointToPointArg = None,
    change_data_capture: Flag = None,
    migrating_from: MigratingArg = None,
    multi_tenant: Flag = None,
    broker_features: BrokerFeaturesArg = None,
    serverless_preferred: ServerlessArg = None,
) -> RecommendationResult:
    """Recommend the AWS messaging or streaming service (or pair of services)
    that fits a workload, with the reasons, what was ruled out and why.

    Give a plain-language `description`, structured fields, or both; fields
    win over what the description says, and the description fills the rest.
    At least one is required. Returns:
    - `recommendations`, ranked: `service`, `score` (0-1), `fit` (strong,
      good, possible), `combined_with` when two services work as a pair
      (SNS with SQS, Kinesis with Managed Flink, a Pipe from a stream),
      `reasons` each tied to an input, a rule id and a sourced fact with its
      AWS URL, `caveats`, `configuration` advice and named `patterns`
      (SNS-to-SQS fan-out, claim check through S3...);
    - `rejected`: each service ruled out, with the requirement and the fact;
    - `assumptions`: what was read from the description or assumed;
    - `follow_up_questions`: answers that would change the top pick;
    - `conflicts`: requirements no single service meets together.
    Follow up with compare_services on the top candidates and
    get_service_facts for the limits you depend on; cite the source URLs.
    """
    arguments = dict(locals())
    from aws_messaging_mcp.recommend.advisor import (
        parse_requirements,
    )
    from aws_messaging_mcp.recommend.advisor import (
        recommend_service as recommend,
    )

    return recommend(parse_requirements(arguments))


def register(server: MCPServer) -> None:
    add_tools(server, (recommend_service,))
