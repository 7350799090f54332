from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tyonjako.web"
    label = "web"

    def ready(self) -> None:
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from .security import locked_out, login_failed

        user_login_failed.connect(login_failed, dispatch_uid="tyonjako-login-failed")
        user_locked_out.connect(locked_out, dispatch_uid="tyonjako-locked-out")
