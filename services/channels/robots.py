"""The group robot kinds by name."""

from __future__ import annotations

from services.channels import dingtalk, feishu, wecom
from services.channels.robot import Robot

ROBOTS: dict[str, Robot] = {robot.kind: robot for robot in (wecom.ROBOT, dingtalk.ROBOT, feishu.ROBOT)}
