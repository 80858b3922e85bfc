# language: vi
Tính năng: Kết thúc phiên và bảo vệ thông tin cá nhân
  Khi người dân đăng xuất, rút thẻ hoặc bỏ đi, ki-ốt xóa mọi thông tin cá nhân của phiên.

  Bối cảnh:
    Biết người dân đã đăng nhập bằng thẻ căn cước

  @wire
  Kịch bản: Đăng xuất xóa thông tin cá nhân
    Khi người dân đăng xuất
    Thì ki-ốt ở màn hình tạm biệt
    Và màn hình hiển thị "Thông tin cá nhân của bạn đã được xóa khỏi ki-ốt."
    Và thông tin cá nhân không còn trên ki-ốt
    Và phiên đăng nhập đã bị thu hồi trên hệ thống tỉnh

  Kịch bản: Hỏi lại khi người dân không thao tác
    Khi 121 giây trôi qua
    Thì ki-ốt ở màn hình nhắc hết giờ
    Khi người dân chạm "Tôi cần thêm thời gian"
    Thì ki-ốt ở màn hình trang chủ

  Kịch bản: Hết giờ thì phiên bị xóa
    Khi 185 giây trôi qua
    Thì ki-ốt không còn ở phiên của người dân
    Và thông tin cá nhân không còn trên ki-ốt
    Và phiên đăng nhập đã bị thu hồi trên hệ thống tỉnh
