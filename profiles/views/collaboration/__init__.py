"""Pages for following researchers and collaborating with them: follow button, following
and followers lists, invitations, conversations, blocks, reports and email settings. Views
check who is asking, call a service and render; the rules are in profiles/services/."""

# The public names, importable from the package as before the split.
from profiles.views.collaboration.common import (  # noqa: F401
    collaboration_context,
)
from profiles.views.collaboration.conversations import (  # noqa: F401
    conversation_detail,
    conversation_leave,
    conversations,
)
from profiles.views.collaboration.follows import (  # noqa: F401
    collaboration_setting,
    follow,
    followers,
    following,
)
from profiles.views.collaboration.invitations import (  # noqa: F401
    invitation_action,
    invitation_detail,
    invitations,
    invite,
)
from profiles.views.collaboration.moderation import (  # noqa: F401
    blocks,
    report,
    unblock,
)
from profiles.views.collaboration.notifications import (  # noqa: F401
    notification_settings,
    unsubscribe,
)
