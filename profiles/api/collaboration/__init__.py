"""REST API of follows and collaboration (docs/collaboration.md, "API"). Input and output
serializers are separate; every write calls a service; invitations and conversations exist
only for their two parties (404 for anyone else, like the pages)."""

# The public names, importable from the package as before the split.
from profiles.api.collaboration.common import (  # noqa: F401
    RecordRefSerializer,
    WriteThrottleMixin,
)
from profiles.api.collaboration.conversations import (  # noqa: F401
    ConversationSerializer,
    ConversationViewSet,
    MessageCreateSerializer,
    MessageSerializer,
)
from profiles.api.collaboration.follows import (  # noqa: F401
    FollowerSerializer,
    FollowersView,
    FollowingView,
    FollowStateSerializer,
    FollowView,
    UnreadSerializer,
    UnreadView,
)
from profiles.api.collaboration.invitations import (  # noqa: F401
    AnswerSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
    InvitationViewSet,
)
from profiles.api.collaboration.moderation import (  # noqa: F401
    BlockCreateSerializer,
    BlockSerializer,
    BlockViewSet,
    ReportCreateSerializer,
    ReportSerializer,
    ReportView,
)
