"""Operator dashboard for networks, subnets, ports and floating IPs. Networks and subnets are
made and deleted through networking.networks (segments, pools and in-use checks as the API);
ports and floating IPs are what boots and users made: shown, never edited here."""
from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse

from cloudproject.readonly_admin import ReadOnlyAdminMixin
from networking import errors, networks
from networking.models import FixedIP, FloatingIP, Network, Port, Subnet


def _refused(admin_view, request, action):
    """Run `action`; a service refusal becomes an error message (False) instead of a 500."""
    try:
        action()
    except errors.NetworkingError as exc:
        admin_view.message_user(request, exc.message, messages.ERROR)
        return False
    return True


class SubnetInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Subnet
    fields = readonly_fields = ("name", "cidr", "gateway_ip", "allocation_pools",
                                "enable_dhcp")
    extra = 0
    show_change_link = True


class NetworkForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ("project_id", "name", "description", "shared", "external", "network_type",
                  "segmentation_id", "admin_state_up")


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    form = NetworkForm
    list_display = ("name", "id", "project_id", "shared", "external", "network_type",
                    "segmentation_id", "mtu")
    list_filter = ("shared", "external", "network_type")
    search_fields = ("name", "id", "project_id")
    readonly_fields = ("id", "mtu", "status", "created_at", "updated_at")
    inlines = [SubnetInline]

    def get_deleted_objects(self, objs, request):
        """networking.networks decides what a delete takes along (its service ports) and
        refuses while other ports remain; the confirmation page does not second-guess it."""
        deleted, counts, _, _ = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), []

    def get_readonly_fields(self, request, obj=None):
        """A network keeps its project and segment."""
        fixed = ("project_id", "network_type", "segmentation_id") if obj else ()
        return self.readonly_fields + fixed

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            networks.update_network(obj, **{k: data[k] for k in (
                "name", "description", "shared", "external", "admin_state_up")})
            return
        created = []
        if _refused(self, request, lambda: created.append(networks.create_network(
                project_id=data["project_id"], name=data["name"],
                description=data["description"], shared=data["shared"],
                external=data["external"], admin_state_up=data["admin_state_up"],
                network_type=data["network_type"],
                segmentation_id=data["segmentation_id"]))):
            obj.pk = created[0].pk

    def delete_model(self, request, obj):
        _refused(self, request, lambda: networks.delete_network(obj))

    def delete_queryset(self, request, queryset):
        for network in queryset:
            _refused(self, request, lambda network=network: networks.delete_network(network))

    def response_delete(self, request, obj_display, obj_id):
        """A refused delete goes back to the network, without a success message."""
        if Network.objects.filter(pk=obj_id).exists():
            return HttpResponseRedirect(reverse("admin:networking_network_change",
                                                args=[obj_id]))
        return super().response_delete(request, obj_display, obj_id)


class SubnetForm(forms.ModelForm):
    gateway_ip = forms.GenericIPAddressField(required=False,
                                             help_text="Empty: the first host address")

    class Meta:
        model = Subnet
        fields = ("network", "name", "cidr", "gateway_ip", "enable_dhcp")

    def clean(self):
        data = super().clean()
        if data.get("network") is not None and data.get("cidr") and self.instance._state.adding:
            try:
                networks.plan_subnet(data["cidr"], 6 if ":" in data["cidr"] else 4,
                                     data.get("gateway_ip") or "")
            except errors.NetworkingError as exc:
                raise forms.ValidationError(exc.message) from None
        return data


@admin.register(Subnet)
class SubnetAdmin(admin.ModelAdmin):
    form = SubnetForm
    list_display = ("name", "id", "network", "cidr", "gateway_ip", "enable_dhcp")
    search_fields = ("name", "id", "cidr", "network__name")
    readonly_fields = ("id", "allocation_pools", "created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        """A subnet's range and gateway are fixed once addresses may be handed out."""
        return self.readonly_fields + (("network", "cidr", "gateway_ip") if obj else ())

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            networks.update_subnet(obj, name=data["name"], enable_dhcp=data["enable_dhcp"])
            return
        created = []
        cidr = data["cidr"]
        if _refused(self, request, lambda: created.append(networks.create_subnet(
                network=data["network"], project_id=data["network"].project_id, cidr=cidr,
                ip_version=6 if ":" in cidr else 4, name=data["name"],
                gateway_ip=data["gateway_ip"] or "", enable_dhcp=data["enable_dhcp"]))):
            obj.pk = created[0].pk

    def get_deleted_objects(self, objs, request):
        """networking.networks refuses while addresses are in use (SubnetInUse)."""
        deleted, counts, _, _ = super().get_deleted_objects(objs, request)
        return deleted, counts, set(), []

    def delete_model(self, request, obj):
        _refused(self, request, lambda: networks.delete_subnet(obj))

    def delete_queryset(self, request, queryset):
        for subnet in queryset:
            _refused(self, request, lambda subnet=subnet: networks.delete_subnet(subnet))

    def response_delete(self, request, obj_display, obj_id):
        if Subnet.objects.filter(pk=obj_id).exists():
            return HttpResponseRedirect(reverse("admin:networking_subnet_change",
                                                args=[obj_id]))
        return super().response_delete(request, obj_display, obj_id)


class FixedIPInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = FixedIP
    fields = readonly_fields = ("subnet", "ip_address")
    extra = 0


@admin.register(Port)
class PortAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "network", "mac_address", "device_owner", "device_id",
                    "binding_host", "project_id")
    list_filter = ("device_owner",)
    search_fields = ("id", "mac_address", "device_id", "fixed_ips__ip_address")
    inlines = [FixedIPInline]


@admin.register(FloatingIP)
class FloatingIPAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("floating_ip_address", "id", "floating_network", "project_id",
                    "fixed_ip_address", "port")
    search_fields = ("floating_ip_address", "fixed_ip_address", "id", "project_id")
